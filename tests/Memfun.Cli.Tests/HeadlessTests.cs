using System.Diagnostics;
using System.Text.Json;
using Memfun.Core.Errors;
using Memfun.Testing;
using Memfun.Testing.Llm;

namespace Memfun.Cli.Tests;

/// <summary>Scripted use: output formats, stream-json events as they happen, piped standard input and --context files.</summary>
public sealed class HeadlessTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private FakeOpenAIServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeOpenAIServer.StartNewAsync(TestContext.Current.CancellationToken);
        _cli.Environment["MEMFUN_LLM_BASE_URL"] = _server.BaseUrl;
        _cli.Environment["MEMFUN_LLM_MODEL"] = "test-model";
        _cli.Environment["XDG_CONFIG_HOME"] = _cli.Project.Combine("xdg");
        _cli.Project.WriteFile("src/app.py", "print('hi')\n");
    }

    public async ValueTask DisposeAsync()
    {
        _cli.Dispose();
        await _server.DisposeAsync();
    }

    private static string Code(string code) => $"```python\n{code}\n```";

    [Fact]
    public async Task StreamJson_WritesEachEventAsItHappens_ParsedLineByLine()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Enqueue(
            ScriptedReply.Say(Code("x = 6 * 7\nprint('first turn', x)")),
            new ScriptedReply { Text = Code("SUBMIT(str(x))"), HoldUntil = release.Task });

        using var process = StartMemfun(["ask", "What is x?", "--output-format", "stream-json"], stdin: null);
        var lines = new List<JsonElement>();
        // The second model reply is held until the first turn's events were read: they came while the run went on.
        while (await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            using var json = JsonDocument.Parse(line);
            lines.Add(json.RootElement.Clone());
            if (json.RootElement.GetProperty("type").GetString() == "output")
            {
                release.TrySetResult();
            }
        }

        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken));
        // Each turn's reply streams as text_delta events (a run of them, shown here once) before the turn's own events.
        var types = lines.Select(l => l.GetProperty("type").GetString()).ToList();
        Assert.Equal(["run_started", "text_delta", "turn", "code", "output", "text_delta", "turn", "code", "output", "answer", "usage"],
            types.Where((type, i) => type != "text_delta" || types[i - 1] != "text_delta"));
        Assert.Equal(Code("x = 6 * 7\nprint('first turn', x)"), string.Concat(Deltas(lines, turn: 1)));
        lines.RemoveAll(l => l.GetProperty("type").GetString() == "text_delta");
        Assert.Contains("first turn 42", lines[3].GetProperty("output").GetString(), StringComparison.Ordinal);
        Assert.Equal("x = 6 * 7\nprint('first turn', x)", lines[2].GetProperty("code").GetString());
        Assert.Equal("42", lines[7].GetProperty("answer").GetString());
        Assert.Equal("answered", lines[7].GetProperty("outcome").GetString());
        Assert.Equal(2, lines[8].GetProperty("iterations").GetInt32());
    }

    [Fact]
    public async Task StreamJson_ATextDelta_IsWrittenBeforeTheModelsReplyIsComplete()
    {
        var deltaRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reply = "Six times seven, computed rather than recalled.\n" + Code("SUBMIT(str(6 * 7))");
        // The server sends the reply's first chunk, then holds the rest until the test has read a text_delta line.
        _server.Enqueue(new ScriptedReply { Text = reply, HoldAfterFirstChunk = deltaRead.Task });

        // Were the deltas not written as they come, the run would wait for the held reply until its --timeout.
        using var process = StartMemfun(["ask", "What is 6 * 7?", "--output-format", "stream-json", "--timeout", "120"], stdin: null);
        var lines = new List<JsonElement>();
        var deltasBeforeRelease = 0;
        while (await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            using var json = JsonDocument.Parse(line);
            lines.Add(json.RootElement.Clone());
            if (json.RootElement.GetProperty("type").GetString() == "text_delta" && !deltaRead.Task.IsCompleted)
            {
                deltasBeforeRelease++;
                deltaRead.TrySetResult();
            }
        }

        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, deltasBeforeRelease);
        var first = lines.First(l => l.GetProperty("type").GetString() == "text_delta");
        Assert.Equal((reply[..8], 1, 0), (first.GetProperty("text").GetString(), first.GetProperty("turn").GetInt32(), first.GetProperty("depth").GetInt32()));
        Assert.Equal(reply, string.Concat(Deltas(lines, turn: 1)));
        Assert.Equal("42", lines.Single(l => l.GetProperty("type").GetString() == "answer").GetProperty("answer").GetString());
    }

    [Fact]
    public async Task PipedText_ShowsTheModelsProseAsPlainText_WithoutEscapeSequences()
    {
        _cli.Environment["TERM"] = "xterm-256color";
        _cli.Environment["CI"] = null;
        _server.Enqueue(
            ScriptedReply.Say("Looking at the numbers first.\n" + Code("print('product', 6 * 7)")),
            ScriptedReply.Say("The product is known; submitting it.\n" + Code("SUBMIT('42')")));

        using var process = StartMemfun(["ask", "What is the product?"], stdin: null);
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Equal("42", (await stdout).Trim());
        // The prose of each turn on standard error, line by line; the code only with --verbose.
        Assert.Contains("Looking at the numbers first.\nThe product is known; submitting it.\n", await stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("print('product'", await stderr, StringComparison.Ordinal);
        Assert.DoesNotContain('\x1b', await stdout);
        Assert.DoesNotContain('\x1b', await stderr);
    }

    [Fact]
    public async Task TerminalControlSequencesInTheModelsProse_AreShownInert_NotSentToTheTerminal()
    {
        // A reply steered by hostile repository text: set the clipboard (OSC 52), then clear the screen.
        _server.Enqueue(ScriptedReply.Say("Harmless line.\u001b]52;c;ZXZpbA==\u0007\u001b[2J done.\n" + Code("SUBMIT('ok')")));

        using var process = StartMemfun(["ask", "Anything?"], stdin: null);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 0, await stderr);
        Assert.DoesNotContain('\x1b', await stderr);
        Assert.DoesNotContain('\a', await stderr);
        Assert.Contains("Harmless line.^[]52;c;ZXZpbA==^G^[[2J done.", await stderr, StringComparison.Ordinal);
    }

    private static IEnumerable<string?> Deltas(IEnumerable<JsonElement> lines, int turn) =>
        lines.Where(l => l.GetProperty("type").GetString() == "text_delta" && l.GetProperty("turn").GetInt32() == turn).Select(l => l.GetProperty("text").GetString());

    [Fact]
    public async Task PipedStdin_IsBoundAsTheStdinVariable_NotPastedIntoThePrompt()
    {
        var log = string.Join('\n', Enumerable.Range(1, 2000).Select(i => i == 1234 ? "ERROR disk full on /var" : $"INFO line {i}"));
        _server.Enqueue(
            ScriptedReply.Say(Code("print([l for l in stdin.splitlines() if l.startswith('ERROR')])")),
            ScriptedReply.Say(Code("SUBMIT('disk full')")));

        using var process = StartMemfun(["ask", "Why did it fail?", "--json"], stdin: log);
        var stdout = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, process.ExitCode);
        Assert.Equal("disk full", JsonDocument.Parse(stdout).RootElement.GetProperty("answer").GetString());
        Assert.Contains("ERROR disk full on /var", _server.Requests[1].LastMessageText, StringComparison.Ordinal);
        // The prompt names the variable and shows a short preview; the line deep inside stays in the REPL.
        Assert.DoesNotContain("ERROR disk full", string.Concat(_server.Requests[0].MessageTexts), StringComparison.Ordinal);
        Assert.Contains("`stdin`", string.Concat(_server.Requests[0].MessageTexts), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Context_FileAndFolder_AreBoundAsVariables()
    {
        var outside = new TempDirectory();
        File.WriteAllText(Path.Combine(outside.Path, "notes.txt"), "the secret word is PINEAPPLE");
        Directory.CreateDirectory(Path.Combine(outside.Path, "logs"));
        File.WriteAllText(Path.Combine(outside.Path, "logs", "a.log"), "alpha");
        File.WriteAllText(Path.Combine(outside.Path, "logs", "b.log"), "beta");
        _server.Enqueue(
            ScriptedReply.Say(Code("print(ctx_notes_txt, ctx_logs_a_log, ctx_logs_b_log)")),
            ScriptedReply.Say(Code("SUBMIT('ok')")));

        var result = await _cli.RunAsync("ask", "What is the word?", "--context", Path.Combine(outside.Path, "notes.txt"), "--context", Path.Combine(outside.Path, "logs"));

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("the secret word is PINEAPPLE alpha beta", _server.Requests[1].LastMessageText, StringComparison.Ordinal);
        Assert.Contains("`ctx_logs_b_log`", string.Concat(_server.Requests[0].MessageTexts), StringComparison.Ordinal);
        outside.Dispose();
    }

    [Fact]
    public async Task Context_MissingPath_FailsBeforeAnyModelCall()
    {
        var result = await _cli.RunAsync("ask", "Anything?", "--context", "nowhere.txt");

        Assert.Equal(ExitCodes.Tool, result.ExitCode);
        Assert.Contains("--context nowhere.txt", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task OutputFormatJson_IsTheSameAsJson_AndUnknownFormatsAreRefused()
    {
        _server.Enqueue(ScriptedReply.Say(Code("SUBMIT('one')")), ScriptedReply.Say(Code("SUBMIT('two')")));

        var json = await _cli.RunAsync("ask", "A?", "--json");
        var format = await _cli.RunAsync("ask", "B?", "--output-format", "json");
        var bad = await _cli.RunAsync("ask", "C?", "--output-format", "yaml");

        Assert.Equal("one", JsonDocument.Parse(json.Stdout).RootElement.GetProperty("answer").GetString());
        Assert.Equal("two", JsonDocument.Parse(format.Stdout).RootElement.GetProperty("answer").GetString());
        Assert.Equal(ExitCodes.Usage, bad.ExitCode);
        Assert.Contains("Unknown output format 'yaml'", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamJson_AFailedRun_EndsWithAnErrorEvent()
    {
        _cli.Environment["MEMFUN_LLM_MAX_RETRIES"] = "0";
        _server.Enqueue(ScriptedReply.Error(401, "bad key"));

        var result = await _cli.RunAsync("ask", "Anything?", "--output-format", "stream-json");

        Assert.Equal(ExitCodes.Llm, result.ExitCode);
        var last = JsonDocument.Parse(result.Stdout.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal("error", last.GetProperty("type").GetString());
        Assert.Equal(MemfunErrorCodes.LlmUnauthorized, last.GetProperty("error_code").GetString());
    }

    private Process StartMemfun(string[] args, string? stdin)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _cli.Project.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "memfun.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in _cli.Environment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        return process;
    }
}
