using System.ComponentModel;
using System.Globalization;

namespace Memfun.Tools.RepoMap;

/// <summary>The repository map tool.</summary>
/// <param name="context">The tool context.</param>
public sealed class RepoMapTools(ToolContext context) : IDisposable
{
    private readonly RepoMapBuilder _builder = new(context);

    /// <summary>Gets the builder (its cache lives as long as this instance).</summary>
    public RepoMapBuilder Builder => _builder;

    /// <inheritdoc />
    public void Dispose() => _builder.Dispose();

    /// <summary>Returns a map of the most relevant files and symbols, ranked for the task.</summary>
    /// <param name="focusFiles">Files the task is about.</param>
    /// <param name="identifiers">Identifiers the task mentions.</param>
    /// <param name="tokenBudget">Token budget of the map.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    /// <returns>The map with a summary line.</returns>
    [Description("Map of the repository: the most relevant files and their symbols (classes, functions...), ranked by a reference graph (PageRank) personalised to the given files and identifiers, within a token budget.")]
    public async Task<string> RepoMapAsync(
        [Description("Files the task is about, relative to the project root.")] string[]? focusFiles = null,
        [Description("Identifiers (class, function names) the task mentions.")] string[]? identifiers = null,
        [Description("Token budget of the map (default 1024).")] int tokenBudget = 1024,
        CancellationToken cancellationToken = default)
    {
        var result = await _builder.BuildAsync(
            new RepoMapRequest { FocusFiles = focusFiles ?? [], Identifiers = identifiers ?? [], TokenBudget = tokenBudget },
            cancellationToken).ConfigureAwait(false);
        return result.Text + string.Create(CultureInfo.InvariantCulture, $"[{result.SymbolsShown} of {result.SymbolCount} symbols from {result.FileCount} files]\n");
    }
}
