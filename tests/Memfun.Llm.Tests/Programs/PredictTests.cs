using Memfun.Llm.Errors;
using Memfun.Llm.Programs;
using Memfun.Testing.Llm;

namespace Memfun.Llm.Tests.Programs;

public sealed class PredictTests : IAsyncLifetime
{
    private readonly FakeOpenAIServer _server = new();
    private LlmClients _clients = null!;

    public async ValueTask InitializeAsync()
    {
        await _server.StartAsync(TestContext.Current.CancellationToken);
        _clients = LlmClients.Create(new LlmSettings { BaseUrl = _server.BaseUrl, Model = "m" }, new LlmClientOptions { Environment = new Dictionary<string, string?>() });
    }

    public async ValueTask DisposeAsync()
    {
        _clients.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Predict_ParsesTheMarkedFields()
    {
        _server.Enqueue(ScriptedReply.Say("[[ ## answer ## ]]\nParis\n\n[[ ## completed ## ]]"));
        var predict = new Predict("question -> answer", "Answer in one word.");

        var prediction = await predict.InvokeAsync(_clients.Root, Example.Of(("question", "Capital of France?")), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("Paris", prediction["answer"]);
        var request = Assert.Single(_server.Requests);
        Assert.Contains("Answer in one word.", request.MessageTexts[0], StringComparison.Ordinal);
        Assert.Contains("Capital of France?", request.LastMessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedReply_IsCorrectedOnce()
    {
        _server.Enqueue(ScriptedReply.Say("Paris, obviously."), ScriptedReply.Say("[[ ## answer ## ]]\nParis"));
        var predict = new Predict("question -> answer");

        var prediction = await predict.InvokeAsync(_clients.Root, Example.Of(("question", "?")), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("Paris", prediction["answer"]);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Contains("could not be parsed", _server.Requests[1].LastMessageText, StringComparison.Ordinal);
        Assert.Contains("Paris, obviously.", _server.Requests[1].MessageTexts[^2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplyStillMalformedAfterCorrection_IsATypedErrorWithTheRawText()
    {
        _server.Enqueue(ScriptedReply.Say("no idea"), ScriptedReply.Say("still no markers"));
        var predict = new Predict("question -> answer");

        var error = await Assert.ThrowsAsync<LlmParseException>(() => predict.InvokeAsync(_clients.Root, Example.Of(("question", "?")), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("still no markers", error.RawText);
        Assert.Contains("[[ ## answer ## ]]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChainOfThought_AsksForReasoningFirst()
    {
        _server.Enqueue(ScriptedReply.Say("[[ ## reasoning ## ]]\n6 times 7.\n\n[[ ## answer ## ]]\n42"));
        var program = new ChainOfThought("question -> answer");

        var prediction = await program.InvokeAsync(_clients.Root, Example.Of(("question", "6*7?")), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("42", prediction["answer"]);
        Assert.Equal("6 times 7.", prediction["reasoning"]);
        Assert.Contains("starting with the field [[ ## reasoning ## ]]", _server.Requests[0].LastMessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_ScoresEveryRowAndIsolatesFailures()
    {
        // The fake model answers "the number doubled", except for 3, where it never produces the field.
        _server.RespondWith(request =>
        {
            var number = int.Parse(request.MessageTexts[1].Split('\n')[1], System.Globalization.CultureInfo.InvariantCulture);
            return ScriptedReply.Say(number == 3 ? "I refuse" : $"[[ ## doubled ## ]]\n{number * 2}");
        });
        var program = new Predict("number -> doubled");
        var dataset = Enumerable.Range(1, 5).Select(n => Example.Of(("number", $"{n}"), ("expected", $"{n * 2}"))).ToList();

        var result = await Evaluator.EvaluateAsync(
            (example, token) => program.InvokeAsync(_clients.Root, example, cancellationToken: token),
            dataset,
            (example, prediction) => prediction["doubled"] == example["expected"] ? 1 : 0,
            maxParallelism: 4,
            TestContext.Current.CancellationToken);

        Assert.Equal([1.0, 1.0, 0.0, 1.0, 1.0], result.Items.Select(i => i.Score));
        Assert.IsType<LlmParseException>(result.Items[2].Error);
        Assert.Equal(1, result.Failures);
        Assert.Equal(0.8, result.AverageScore, 3);
    }
}
