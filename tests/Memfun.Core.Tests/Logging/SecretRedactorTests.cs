using Memfun.Core.Logging;

namespace Memfun.Core.Tests.Logging;

public sealed class SecretRedactorTests
{
    private readonly SecretRedactor _redactor = new(["my-very-private-value"]);

    [Theory]
    [InlineData("key sk-proj-abcdefghijklmnopqrstuvwxyz0123 used", "sk-proj-abcdefghijklmnopqrstuvwxyz0123")]
    [InlineData("anthropic sk-ant-api03-abcdefghijklmnopqrstuvwxyz", "sk-ant-api03-abcdefghijklmnopqrstuvwxyz")]
    [InlineData("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig", "eyJhbGciOiJIUzI1NiJ9.payload.sig")]
    [InlineData("token ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_abcdefghijklmnopqrstuvwxyz0123456789")]
    [InlineData("aws AKIAABCDEFGHIJKLMNOP here", "AKIAABCDEFGHIJKLMNOP")]
    [InlineData("connect redis://user:p4ssw0rd@cache:6379/0", "p4ssw0rd")]
    [InlineData("{\"api_key\": \"plainvalue123\"}", "plainvalue123")]
    [InlineData("value my-very-private-value leaked", "my-very-private-value")]
    // Each alone, with no other word around it: the quick check that skips the expressions must still let them run.
    [InlineData("sk-abcdefghijklmnopqrstuvwx", "sk-abcdefghijklmnopqrstuvwx")]
    [InlineData("xoxb-1234567890-abcdef", "xoxb-1234567890-abcdef")]
    [InlineData("AIzaSyA1234567890abcdefghijklmnopqrstu", "AIzaSyA1234567890abcdefghijklmnopqrstu")]
    [InlineData("github_pat_11ABCDEFG0123456789abcdefghij", "github_pat_11ABCDEFG0123456789abcdefghij")]
    [InlineData("gho_abcdefghijklmnopqrstuvwxyz0123", "gho_abcdefghijklmnopqrstuvwxyz0123")]
    [InlineData("https://u:pw123456@host.example", "pw123456")]
    [InlineData("BEARER abcdefgh12345", "abcdefgh12345")]
    [InlineData("PASSWORD=hunter2hunter", "hunter2hunter")]
    public void Redact_RemovesTheSecret(string text, string secret)
    {
        var redacted = _redactor.Redact(text);

        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.Mask, redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_LeavesOrdinaryTextAlone()
    {
        const string text = "read 12 files in src/Memfun.Core; max_tokens=4096 model=gpt-4.1 url=https://example.test/a";

        Assert.Equal(text, _redactor.Redact(text));
    }

    [Theory]
    [InlineData("OPENAI_API_KEY", true)]
    [InlineData("api_key", true)]
    [InlineData("GITHUB_TOKEN", true)]
    [InlineData("AWS_SECRET_ACCESS_KEY", true)]
    [InlineData("DB_PASSWORD", true)]
    [InlineData("api_key_env", false)]
    [InlineData("max_tokens", false)]
    [InlineData("max_tokens_per_run", false)]
    [InlineData("PATH", false)]
    [InlineData("auth", true)]
    [InlineData("github.token", true)]
    [InlineData("SERVICE-APIKEY", true)]
    [InlineData("Azure_Credentials", true)]
    [InlineData("MYSQL_PASSWD", true)]
    [InlineData("client_secret_file", true)]
    [InlineData("MYAPIKEY", false)]
    [InlineData("OAUTH", false)]
    [InlineData("TOKENIZER", false)]
    [InlineData("HOTKEY", false)]
    public void IsSecretName_RecognisesSecretBearingNames(string name, bool expected) =>
        Assert.Equal(expected, SecretRedactor.IsSecretName(name));

    [Fact]
    public void SecretEnvironmentValues_TakesOnlySecretNamedLongValues()
    {
        var values = SecretRedactor.SecretEnvironmentValues(
        [
            new("OPENAI_API_KEY", "sk-abcdefgh12345678"),
            new("GITHUB_TOKEN", "short"),
            new("HOME", "/home/someone/very/long"),
        ]);

        Assert.Equal(["sk-abcdefgh12345678"], values);
    }
}
