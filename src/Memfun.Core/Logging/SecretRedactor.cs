using System.Text.RegularExpressions;

namespace Memfun.Core.Logging;

/// <summary>
/// Removes secrets from text before it is logged, traced or shown: provider API keys, bearer tokens,
/// GitHub/Slack/AWS tokens, passwords in URLs, and the values of secret-looking environment variables.
/// </summary>
/// <remarks>Thread-safe. Redaction is a last line of defence: code must still avoid logging secrets.</remarks>
public sealed partial class SecretRedactor
{
    /// <summary>The text that replaces a secret.</summary>
    public const string Mask = "[REDACTED]";

    private const int MinimumSecretLength = 8;

    // A name is secret when its last word is one of these ("OPENAI_API_KEY", "github.token", "auth").
    // At least one of these is in every text a pattern below matches (see the expressions).
    private static readonly string[] PatternWords = ["sk-", "gh", "github_pat_", "xox", "akia", "aiza", "bearer", "@", "key", "token", "secret", "password"];

    private static readonly string[] SecretNameEndings = ["apikey", "api_key", "api-key", "key", "token", "credential", "credentials", "auth"];
    private readonly string[] _knownSecrets;

    /// <summary>Creates a redactor that also masks the given literal values (for example, loaded API keys).</summary>
    /// <remarks>Every command builds one at start-up, so this and <see cref="SecretEnvironmentValues"/> are plain loops:
    /// LINQ over key-value pairs or with integer keys is compiled at run time even in a ReadyToRun build (issue 20).</remarks>
    public SecretRedactor(IEnumerable<string>? knownSecrets = null)
    {
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var secret in knownSecrets ?? [])
        {
            if (secret.Length >= MinimumSecretLength)
            {
                secrets.Add(secret);
            }
        }

        // Longest first, so that a secret containing another is masked whole.
        _knownSecrets = [.. secrets];
        Array.Sort(_knownSecrets, static (a, b) => b.Length.CompareTo(a.Length));
    }

    /// <summary>Gets a redactor that masks patterns and the values of the current process's secret-looking environment variables.</summary>
    public static SecretRedactor FromEnvironment() => new(SecretEnvironmentValues(Environment.GetEnvironmentVariables()
        .Cast<System.Collections.DictionaryEntry>()
        .Select(e => new KeyValuePair<string, string?>((string)e.Key, e.Value as string))));

    /// <summary>Returns the values of variables whose names look like they hold secrets (<c>*_KEY</c>, <c>*TOKEN*</c>, <c>*SECRET*</c>, <c>*PASSWORD*</c>).</summary>
    public static IEnumerable<string> SecretEnvironmentValues(IEnumerable<KeyValuePair<string, string?>> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var values = new List<string>();
        foreach (var (name, value) in variables)
        {
            if (value is { Length: >= MinimumSecretLength } && IsSecretName(name))
            {
                values.Add(value);
            }
        }

        return values;
    }

    /// <summary>Returns whether a variable or key name looks like it holds a secret.</summary>
    public static bool IsSecretName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.EndsWith("_env", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Written out rather than a regular expression: every command checks every environment variable's name at start-up.
        if (name.Contains("secret", StringComparison.OrdinalIgnoreCase) || name.Contains("passwd", StringComparison.OrdinalIgnoreCase)
            || name.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var word in SecretNameEndings)
        {
            if (name.EndsWith(word, StringComparison.OrdinalIgnoreCase)
                && (name.Length == word.Length || name[^(word.Length + 1)] is '_' or '.' or '-'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns whether <paramref name="value"/> looks like a credential (an API key or token format).</summary>
    public static bool LooksLikeSecret(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return MayHoldPattern(value) && (TokenRegex().IsMatch(value) || UrlPasswordRegex().IsMatch(value));
    }

    /// <summary>Returns <paramref name="text"/> with every secret replaced by <see cref="Mask"/>.</summary>
    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        foreach (var secret in _knownSecrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        if (!MayHoldPattern(text))
        {
            return text;
        }

        text = TokenRegex().Replace(text, Mask);
        text = BearerRegex().Replace(text, "$1" + Mask);
        text = UrlPasswordRegex().Replace(text, "$1" + Mask + "@");
        return KeyValueRegex().Replace(text, "$1" + Mask);
    }

    // Every pattern below needs one of these words, so text without any of them is left as it is without running the
    // expressions: commands redact every value they show, and the expressions' first use costs milliseconds at start-up.
    private static bool MayHoldPattern(string text)
    {
        foreach (var word in PatternWords)
        {
            if (text.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // Provider key formats: OpenAI/Anthropic (sk-...), GitHub, Slack, AWS access keys, Google API keys.
    [GeneratedRegex(@"\b(sk-(?:ant-|proj-)?[A-Za-z0-9_\-]{16,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abprs]-[A-Za-z0-9\-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_\-]{30,})")]
    private static partial Regex TokenRegex();

    [GeneratedRegex(@"(?i)(\bbearer\s+)[A-Za-z0-9._~+/\-=]{8,}")]
    private static partial Regex BearerRegex();

    [GeneratedRegex(@"(\b[a-z][a-z0-9+.\-]*://[^/\s:@]*:)[^@\s/]+@")]
    private static partial Regex UrlPasswordRegex();

    [GeneratedRegex(@"(?i)((?:api[_-]?key|access[_-]?token|secret|password)[""']?\s*[:=]\s*[""']?)[^\s""',;&]{6,}")]
    private static partial Regex KeyValueRegex();
}
