using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Memfun.Agent.Rlm;
using Memfun.Agent.Tracing;
using Memfun.Core.Errors;
using Memfun.Core.Logging;
using Memfun.Llm.Usage;
using Memfun.Runtime.Errors;
using Memfun.Runtime.InProcess;
using Memfun.Testing;

namespace Memfun.Agent.Tests.Tracing;

public sealed class TraceTests : IDisposable
{
    private const string Secret = "sk-live-abcdefghijklmnop123456";
    private readonly TempDirectory _directory = new();
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    public void Dispose() => _directory.Dispose();

    private static RlmEvent[] Run(string runId, DateTimeOffset at) =>
    [
        new RlmRunStarted(runId, 0, at, null, $"find the key {Secret}", "m", 100),
        new RlmIteration(runId, 0, at, 1, 900, 250, 40, $"key = '{Secret}'", "ok", null, 12, 3),
        new RlmSubCall(runId, 0, at, "llm_query", 10, 20, 5, 6, null, 7),
        new RlmRunStarted(runId + "-child", 1, at, runId, "child", "m", 10),
        new RlmRunFinished(runId + "-child", 1, at, "child answer", RlmTermination.Submitted, null, 1, 0, UsageTotals.Zero, 5),
        new RlmRunFinished(runId, 0, at, "the answer", RlmTermination.Submitted, null, 1, 1, new UsageTotals(3, 300, 50, 0, 0.01m, 0), 40),
    ];

    // Records one run per id, an hour apart in the order given.
    private void Record(params string[] runIds)
    {
        for (var i = 0; i < runIds.Length; i++)
        {
            using var collector = new TraceCollector(_directory.Path);
            foreach (var runEvent in Run(runIds[i], Start.AddHours(i)))
            {
                collector.OnEvent(runEvent);
            }
        }
    }

    // Records one run and returns its trace file and lines, for tests that rewrite it by hand.
    private (string File, string[] Lines) RecordOne(string runId)
    {
        Record(runId);
        var file = Path.Combine(_directory.Path, runId + ".jsonl");
        return (file, File.ReadAllLines(file));
    }

    [Fact]
    public void Collector_WritesEveryEventOfTheRunTreeToOneRedactedFile()
    {
        using var collector = new TraceCollector(_directory.Path, new SecretRedactor([Secret]));
        foreach (var runEvent in Run("run-a", Start))
        {
            collector.OnEvent(runEvent);
        }

        var lines = File.ReadAllLines(collector.FilePath!);
        Assert.Equal(6, lines.Length);
        Assert.Equal(Path.Combine(_directory.Path, "run-a.jsonl"), collector.FilePath);
        Assert.DoesNotContain(Secret, File.ReadAllText(collector.FilePath!), StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.Mask, lines[1], StringComparison.Ordinal);
        Assert.Equal("iteration", JsonDocument.Parse(lines[1]).RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public void TraceJson_UsesGeneratedSerializersThatWriteAndReadWhatReflectionDid()
    {
        // The options trace files were written with before their serializers were generated at build time.
        var reflection = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        var events = Run("run-a", Start);
        foreach (var runEvent in events)
        {
            var line = JsonSerializer.Serialize(runEvent, TraceJson.Options);
            Assert.Equal(JsonSerializer.Serialize(runEvent, reflection), line);
            Assert.Equal(runEvent, JsonSerializer.Deserialize<RlmEvent>(JsonSerializer.Serialize(runEvent, reflection), TraceJson.Options));
        }

        var summary = TraceSummary.From((RlmRunStarted)events[0], (RlmRunFinished)events[^1], "run-a.jsonl");
        Assert.Equal(JsonSerializer.Serialize(summary, reflection), JsonSerializer.Serialize(summary, TraceJson.Options));
        Assert.IsAssignableFrom<JsonSerializerContext>(TraceJson.Options.GetTypeInfo(typeof(RlmEvent)).OriginatingResolver);
        Assert.IsAssignableFrom<JsonSerializerContext>(TraceJson.Options.GetTypeInfo(typeof(TraceSummary)).OriginatingResolver);
    }

    [Fact]
    public void Store_ListsRunsNewestFirstAndReadsOneBack()
    {
        Record("run-old", "run-new");

        var store = new TraceStore(_directory.Path);
        var runs = store.List();
        var events = store.Read("run-o");

        Assert.Equal(["run-new", "run-old"], runs.Select(r => r.RunId));
        Assert.Equal(("answered", 1, 1), (runs[0].Status, runs[0].Iterations, runs[0].SubCalls));
        Assert.Equal(0.01m, runs[0].Usage!.CostUsd);
        Assert.Equal(6, events.Count);
        Assert.Equal("the answer", events.OfType<RlmRunFinished>().Single(e => e.Depth == 0).Answer);
    }

    [Fact]
    public async Task Store_ShowsARunCutShortByACrash()
    {
        using (var collector = new TraceCollector(_directory.Path))
        {
            foreach (var runEvent in Run("run-crash", Start).Take(2))
            {
                collector.OnEvent(runEvent);
            }
        }

        await File.AppendAllTextAsync(Path.Combine(_directory.Path, "run-crash.jsonl"), "{\"type\":\"sub_ca", TestContext.Current.CancellationToken);
        var store = new TraceStore(_directory.Path);

        var run = Assert.Single(store.List());
        Assert.Equal("incomplete", run.Status);
        Assert.Equal(2, store.Read("last").Count);
    }

    [Fact]
    public void Store_SummarisesALongRunWithALongAnswer_AsEveryLineOfItSays()
    {
        // Far more than the first read at either end: many turns with long outputs, and an answer of 300,000 characters.
        var answer = string.Concat(Enumerable.Repeat("part of a long answer ", 15_000));
        using (var collector = new TraceCollector(_directory.Path))
        {
            collector.OnEvent(new RlmRunStarted("run-long", 0, Start, null, "summarise everything", "m", 100));
            for (var i = 0; i < 200; i++)
            {
                collector.OnEvent(new RlmIteration("run-long", 0, Start, i, 900, 250, 40, "print(x)", new string('o', 2000), null, 12, 3));
            }

            collector.OnEvent(new RlmRunFinished("run-long", 0, Start, answer, RlmTermination.Extracted, null, 200, 0, new UsageTotals(200, 50_000, 8_000, 0, 0.25m, 0), 900));
        }

        var store = new TraceStore(_directory.Path);
        var run = Assert.Single(store.List());
        var events = store.Read("run-long");

        Assert.Equal(("run-long", "limit reached", 200, "summarise everything"), (run.RunId, run.Status, run.Iterations, run.Query));
        Assert.Equal(0.25m, run.Usage!.CostUsd);
        Assert.Equal(202, events.Count);
        Assert.Equal(answer, events.OfType<RlmRunFinished>().Single().Answer);
    }

    [Fact]
    public void Store_AFileNotShapedAsTheCollectorWritesIt_IsSummarisedFromAllItsLines()
    {
        // A hand-edited trace: a blank first line, the child's end after the root's, and trailing blank lines.
        var (file, lines) = RecordOne("run-edited");
        File.WriteAllText(file, "\n" + string.Join('\n', lines[0], lines[1], lines[2], lines[3], lines[5], lines[4]) + "\n\n\n");

        var run = Assert.Single(new TraceStore(_directory.Path).List());

        Assert.Equal(("run-edited", "answered", 1, 1), (run.RunId, run.Status, run.Iterations, run.SubCalls));
        Assert.Equal(0.01m, run.Usage!.CostUsd);
    }

    [Fact]
    public void Store_ATraceSavedWithWindowsLineEndsAndAByteOrderMark_ReadsAsTheOriginal()
    {
        // As an editor on Windows saves it: CRLF line ends, a UTF-8 byte order mark, and no line end after the last line.
        var (file, lines) = RecordOne("run-crlf");
        var original = new TraceStore(_directory.Path).Read("run-crlf");
        File.WriteAllText(file, string.Join("\r\n", lines), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var store = new TraceStore(_directory.Path);
        var run = Assert.Single(store.List());

        Assert.Equal(0xEF, File.ReadAllBytes(file)[0]);
        Assert.Equal(("run-crlf", "answered"), (run.RunId, run.Status));
        Assert.Equal(original, store.Read("run-crlf"));
    }

    [Fact]
    public void Store_ReadsBackEveryKindOfEvent_AsTheSerializerWroteIt()
    {
        // Every property set, nulls where a property may be null, every termination, and a time with an offset.
        var at = new DateTimeOffset(2026, 11, 30, 13, 14, 15, 678, TimeSpan.FromHours(2)).AddTicks(9);
        RlmEvent[] events =
        [
            new RlmRunStarted("run-rt", 0, at, null, "query \"quoted\" ✓\nline", "model-a", 123_456_789_012),
            new RlmIteration("run-rt", 0, at, 3, 4_000, 5_000_000_000, 6, "print('x')\n", "x\u001b[0m", "Traceback: boom", 12.5, 0.25),
            new RlmIteration("run-rt", 0, at, 4, 1, 2, 3, "", "", null, 0, 0),
            new RlmSubCall("run-rt", 0, at, "llm_query_batched", 7, 8, 9, 10, "rate limited", 11.75),
            new RlmSubCall("run-rt", 0, at, "llm_query", 1, 2, 3, 4, null, 5),
            new RlmRunStarted("run-rt-c", 1, at, "run-rt", "child", "model-b", 0),
            new RlmRunFinished("run-rt-c", 1, at, null, null, "the child failed", 0, 0, UsageTotals.Zero, 1.5),
            new RlmRunFinished("run-rt-c", 1, at, "a", RlmTermination.AnswerVariable, null, 1, 2, new UsageTotals(1, 2, 3, 4, 0.000123m, 5), 6),
            new RlmRunFinished("run-rt-c", 1, at, "b", RlmTermination.Extracted, null, 1, 2, UsageTotals.Zero, 6),
            new RlmRunFinished("run-rt", 0, at, "answer", RlmTermination.Submitted, null, 2, 1, new UsageTotals(3, 300, 50, 20, 12.3456m, 1), 40.125),
        ];
        Assert.Equal(Enum.GetValues<RlmTermination>(), events.OfType<RlmRunFinished>().Select(e => e.Termination).OfType<RlmTermination>().Order());
        using (var collector = new TraceCollector(_directory.Path, new SecretRedactor([])))
        {
            foreach (var runEvent in events)
            {
                collector.OnEvent(runEvent);
            }
        }

        Assert.Equal(events, new TraceStore(_directory.Path).Read("run-rt"));
    }

    [Fact]
    public void Store_ReadsPropertiesInAnyOrder_SkipsUnknownOnes_AndSkipsLinesThatAreNotEvents()
    {
        var (file, lines) = RecordOne("run-o");
        string[] extra =
        [
            "{\"depth\":0,\"kind\":\"llm_query\",\"future_field\":{\"nested\":[1,2,{\"x\":null}]},\"type\":\"sub_call\",\"run_id\":\"run-o\",\"at\":\"2026-11-25T10:00:00+00:00\",\"prompt_chars\":1,\"response_chars\":2,\"input_tokens\":3,\"output_tokens\":4,\"error\":null,\"duration_ms\":5}",
            "{\"type\":\"telemetry\",\"run_id\":\"run-o\",\"depth\":0}",
            "[1, 2, 3]",
            "{\"type\":\"iteration\",\"depth\":\"deep\"}",
            "{\"type\":\"run_finished\",\"termination\":\"gave_up\"}",
        ];
        File.WriteAllLines(file, [lines[0], .. extra, .. lines[1..]]);

        var events = new TraceStore(_directory.Path).Read("run-o");

        Assert.Equal(7, events.Count);
        Assert.Equal(new RlmSubCall("run-o", 0, new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), "llm_query", 1, 2, 3, 4, null, 5), events[1]);
    }

    [Fact]
    public void Store_ARunWhoseOnlyLineIsItsStartWithoutALineEnd_IsListedAsIncomplete()
    {
        var (file, lines) = RecordOne("run-one");
        File.WriteAllText(file, lines[0]);
        File.WriteAllText(Path.Combine(_directory.Path, "empty.jsonl"), "");

        var run = Assert.Single(new TraceStore(_directory.Path).List());

        Assert.Equal(("run-one", "incomplete", "find the key " + SecretRedactor.Mask), (run.RunId, run.Status, run.Query));
    }

    [Fact]
    public void Store_PlantedLinesWithoutTheirRunOrText_AreSkipped_AndTheRestStillListsAndShows()
    {
        // Hand-made lines a cloned .memfun/traces/ could hold: valid JSON of a known kind, missing what the event needs, and
        // one nested too deep to read.
        var (file, lines) = RecordOne("run-p");
        string[] planted =
        [
            "{\"type\":\"run_started\",\"depth\":0,\"query\":\"no run id\",\"model\":\"m\"}",
            "{\"type\":\"iteration\",\"run_id\":\"run-p\",\"depth\":0,\"output\":\"no code\"}",
            "{\"type\":\"sub_call\",\"run_id\":\"run-p\",\"depth\":0}",
            "{\"type\":\"run_finished\",\"run_id\":\"run-p\",\"depth\":0,\"answer\":\"no usage\"}",
            "{\"type\":\"sub_call\",\"run_id\":\"run-p\",\"kind\":\"llm_query\",\"x\":" + new string('[', 100_000) + new string(']', 100_000) + "}",
        ];
        File.WriteAllLines(file, [.. planted, .. lines, .. planted]);
        File.WriteAllLines(Path.Combine(_directory.Path, "planted.jsonl"), planted);
        var store = new TraceStore(_directory.Path);

        var run = Assert.Single(store.List());
        var events = store.Read("last");

        Assert.Equal(("run-p", "answered", "the answer"), (run.RunId, run.Status, events.OfType<RlmRunFinished>().Last().Answer));
        Assert.Equal(lines.Length, events.Count);
        Assert.All(events, e => Assert.NotNull(e.RunId));
    }

    [Fact]
    public void Store_UnknownRun_IsAClearError()
    {
        var error = Assert.Throws<AgentException>(() => new TraceStore(_directory.Path).Read("nope"));

        Assert.Equal(MemfunErrorCodes.AgentNotFound, error.ErrorCode);
        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Store_APlantedLinkToATraceElsewhere_IsNotListedOrRead_AndARunIdIsNeverAPath()
    {
        using var elsewhere = new TempDirectory();
        using (var collector = new TraceCollector(elsewhere.Path))
        {
            foreach (var runEvent in Run("run-secret", Start))
            {
                collector.OnEvent(runEvent);
            }
        }

        Record("run-own");
        File.CreateSymbolicLink(Path.Combine(_directory.Path, "run-link.jsonl"), Path.Combine(elsewhere.Path, "run-secret.jsonl"));
        var store = new TraceStore(_directory.Path);

        Assert.Equal(["run-own"], store.List().Select(r => r.RunId));
        Assert.False(store.TryRead("run-link", out _, out _));
        Assert.False(store.TryRead("run-s", out _, out _));
        Assert.False(store.TryRead(Path.Combine("..", Path.GetFileName(elsewhere.Path), "run-secret"), out _, out var traversal));
        Assert.Contains("No recorded run matches", traversal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_APlantedPipeFolderOrUnreadableNameAsATrace_IsNotListed_AndDoesNotBreakTheListing()
    {
        Record("run-own");
        // A pipe with no writer blocks whoever opens it for reading; an archive can carry one into .memfun/traces/.
        _directory.CreatePipe("run-pipe.jsonl");

        _directory.CreateDirectory("run-folder.jsonl");
        _directory.WriteFileWithANameThatIsNotUtf8(".", "run-", ".jsonl"); // .NET could not open it under the name it would get
        _directory.WriteFile(".run-hidden.jsonl", File.ReadAllText(Path.Combine(_directory.Path, "run-own.jsonl")).Replace("run-own", "run-hidden", StringComparison.Ordinal));
        var store = new TraceStore(_directory.Path);

        var listed = await Task.Run(store.List, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(["run-own"], listed.Select(r => r.RunId));
    }

    [Fact]
    public void Store_TryRead_GivesTheErrorForNoRunAndForAnAmbiguousPrefix_AndTheEventsForAUniqueOne()
    {
        Record("run-a1", "run-a2");

        var store = new TraceStore(_directory.Path);

        Assert.False(store.TryRead("run-b", out var none, out var missing));
        Assert.Null(none);
        Assert.Equal("No recorded run matches 'run-b'.", missing.Message);
        Assert.Equal("`memfun traces list` shows the recorded runs.", missing.Hint);
        Assert.False(store.TryRead("run-a", out _, out var ambiguous));
        Assert.Equal("'run-a' matches 2 runs; give more of the id.", ambiguous.Message);
        Assert.True(store.TryRead("run-a1", out var events, out var error));
        Assert.Null(error);
        Assert.Equal("the answer", events.OfType<RlmRunFinished>().Single(e => e.Depth == 0 && e.RunId == "run-a1").Answer);
        Assert.DoesNotContain(events, e => e.RunId.StartsWith("run-a2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Summary_IsStoredInTheRuntimeStateStore()
    {
        await using var backend = new InProcessBackend(TimeProvider.System);
        using var collector = new TraceCollector(_directory.Path, new SecretRedactor([Secret]));
        foreach (var runEvent in Run("run-s", Start))
        {
            collector.OnEvent(runEvent);
        }

        await collector.SaveSummaryAsync(backend.StateStore, TestContext.Current.CancellationToken);

        var entry = await backend.StateStore.GetAsync("traces/run-s", TestContext.Current.CancellationToken);
        var json = Encoding.UTF8.GetString(entry!.Value.Span);
        using var summary = JsonDocument.Parse(json);
        Assert.Equal("answered", summary.RootElement.GetProperty("status").GetString());
        Assert.DoesNotContain(Secret, json, StringComparison.Ordinal);
    }
}
