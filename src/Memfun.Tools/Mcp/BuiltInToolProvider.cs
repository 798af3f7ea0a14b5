using Memfun.Tools.Files;
using Memfun.Tools.Git;
using Memfun.Tools.RepoMap;
using Memfun.Tools.Search;
using Memfun.Tools.Web;

namespace Memfun.Tools.Mcp;

/// <summary>The built-in code, git, repository-map and web tools.</summary>
/// <param name="resolver">The host resolver for web tools (DNS by default).</param>
public sealed class BuiltInToolProvider(IHostResolver? resolver = null) : IToolProvider
{
    /// <inheritdoc />
    public IEnumerable<MemfunTool> GetTools(ToolContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var files = new FileTools(context);
        var search = new SearchTools(context);
        var git = new GitTools(context);
        var map = new RepoMapTools(context);
        var web = new WebTools(context, resolver);
        var writes = context.Policy;
        return
        [
            MemfunTool.Create(files.ReadFileAsync, "read_file", ToolEffects.ReadOnly, writes),
            MemfunTool.Create(files.ListDirectory, "list_directory", ToolEffects.ReadOnly, writes),
            MemfunTool.Create(files.Glob, "glob", ToolEffects.ReadOnly, writes),
            MemfunTool.Create(files.WriteFileAsync, "write_file", ToolEffects.Destructive, writes).AsIdempotent(),
            MemfunTool.Create(files.EditFileAsync, "edit_file", ToolEffects.Destructive, writes),
            MemfunTool.Create(search.GrepAsync, "grep", ToolEffects.ReadOnly, writes),
            MemfunTool.Create(search.AstGrepAsync, "ast_grep", ToolEffects.ReadOnly, writes),
            MemfunTool.Create(git.StatusAsync, "git_status", ToolEffects.ReadOnly, writes),
            MemfunTool.Create(git.DiffAsync, "git_diff", ToolEffects.ReadOnly, writes),
            MemfunTool.Create(git.LogAsync, "git_log", ToolEffects.ReadOnly, writes),
            MemfunTool.Create(git.ShowAsync, "git_show", ToolEffects.ReadOnly, writes),
            MemfunTool.Create(git.BlameAsync, "git_blame", ToolEffects.ReadOnly, writes),
            MemfunTool.Create(git.CommitAsync, "git_commit", ToolEffects.Write, writes),
            MemfunTool.Create(map.RepoMapAsync, "repo_map", ToolEffects.ReadOnly, writes),
            MemfunTool.Create(web.FetchAsync, "web_fetch", ToolEffects.ReadOnly, writes, openWorld: true),
            MemfunTool.Create(web.SearchAsync, "web_search", ToolEffects.ReadOnly, writes, openWorld: true),
        ];
    }
}
