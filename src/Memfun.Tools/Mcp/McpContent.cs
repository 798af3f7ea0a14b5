using System.Globalization;
using System.Text.Json;
using Memfun.Core.Errors;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Memfun.Tools.Mcp;

/// <summary>The gateway's resources, prompts and completions, as SDK request handlers.</summary>
internal sealed class McpContent
{
    private const int PageSize = 500;
    private const int MaxCompletionValues = 100;
    private readonly ToolContext _context;
    private readonly IReadOnlyList<IResourceProvider> _resources;
    private readonly IReadOnlyList<McpResourceTemplate> _templates;
    private readonly bool _servesPrompts;

    public McpContent(ToolContext context, IReadOnlyList<IResourceProvider> resources, IReadOnlyList<IPromptProvider> prompts)
    {
        _context = context;
        _resources = resources;
        _templates = [.. resources.SelectMany(r => r.GetTemplates(context))];
        _servesPrompts = prompts.Count > 0;
        var byName = new Dictionary<string, McpPrompt>(StringComparer.Ordinal);
        foreach (var prompt in prompts.SelectMany(p => p.GetPrompts(context)))
        {
            if (!byName.TryAdd(prompt.Name, prompt))
            {
                throw new ToolException(MemfunErrorCodes.ToolFailure, $"Two prompt providers publish a prompt named '{prompt.Name}'.");
            }
        }

        Prompts = [.. byName.Values.OrderBy(p => p.Name, StringComparer.Ordinal)];
    }

    public IReadOnlyList<McpPrompt> Prompts { get; }

    public IReadOnlyList<McpResourceTemplate> Templates => _templates;

    /// <summary>Sets the handlers of what is served: resources when a resource provider is registered, prompts when a prompt provider is, completion with either.</summary>
    public void Register(McpServerHandlers handlers)
    {
        if (_resources.Count > 0)
        {
            handlers.ListResourcesHandler = ListResourcesAsync;
            handlers.ListResourceTemplatesHandler = (_, _) => ValueTask.FromResult(new ListResourceTemplatesResult { ResourceTemplates = [.. _templates.Select(t => t.Template)] });
            handlers.ReadResourceHandler = ReadResourceAsync;
        }

        if (_servesPrompts)
        {
            handlers.ListPromptsHandler = (_, _) => ValueTask.FromResult(new ListPromptsResult { Prompts = [.. Prompts.Select(ToProtocol)] });
            handlers.GetPromptHandler = GetPromptAsync;
        }

        if (_resources.Count > 0 || _servesPrompts)
        {
            handlers.CompleteHandler = CompleteAsync;
        }
    }

    private async ValueTask<ListResourcesResult> ListResourcesAsync(RequestContext<ListResourcesRequestParams> request, CancellationToken cancellationToken)
    {
        var start = 0;
        if (request.Params?.Cursor is { } cursor && (!int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start < 0))
        {
            throw new McpProtocolException($"The cursor '{cursor}' was not given by this server.", McpErrorCode.InvalidParams);
        }

        var all = new List<Resource>();
        foreach (var provider in _resources)
        {
            all.AddRange(await Guard(() => provider.ListAsync(_context, cancellationToken)).ConfigureAwait(false));
        }

        var end = Math.Min(all.Count, start + PageSize);
        return new ListResourcesResult
        {
            Resources = start < all.Count ? all[start..end] : [],
            NextCursor = end < all.Count ? end.ToString(CultureInfo.InvariantCulture) : null,
        };
    }

    private async ValueTask<ReadResourceResult> ReadResourceAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken)
    {
        var text = request.Params?.Uri ?? throw new McpProtocolException("resources/read needs a uri.", McpErrorCode.InvalidParams);
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            foreach (var provider in _resources)
            {
                if (await Guard(() => provider.TryReadAsync(_context, uri, cancellationToken)).ConfigureAwait(false) is { } contents)
                {
                    return new ReadResourceResult { Contents = [contents] };
                }
            }
        }

        throw new McpProtocolException($"No resource has the URI '{text}'. resources/list and resources/templates/list show what there is.", McpErrorCode.ResourceNotFound);
    }

    private async ValueTask<GetPromptResult> GetPromptAsync(RequestContext<GetPromptRequestParams> request, CancellationToken cancellationToken)
    {
        var name = request.Params?.Name;
        var prompt = Prompts.FirstOrDefault(p => p.Name == name)
            ?? throw new McpProtocolException($"No prompt is named '{name}'. prompts/list shows what there is.", McpErrorCode.InvalidParams);
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Params?.Arguments ?? new Dictionary<string, JsonElement>())
        {
            given[key] = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        }

        if (prompt.Arguments.FirstOrDefault(a => a.Required && !given.ContainsKey(a.Name)) is { } missing)
        {
            throw new McpProtocolException($"The prompt '{prompt.Name}' needs the argument '{missing.Name}': {missing.Description}", McpErrorCode.InvalidParams);
        }

        var text = await Guard(() => prompt.Render(given, cancellationToken)).ConfigureAwait(false);
        return new GetPromptResult
        {
            Description = prompt.Description,
            Messages = [new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = text } }],
        };
    }

    private async ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> request, CancellationToken cancellationToken)
    {
        var argument = request.Params?.Argument ?? throw new McpProtocolException("completion/complete needs an argument.", McpErrorCode.InvalidParams);
        var completer = request.Params.Ref switch
        {
            PromptReference p => Prompts.FirstOrDefault(x => x.Name == p.Name)?.Arguments.FirstOrDefault(a => a.Name == argument.Name)?.Complete,
            ResourceTemplateReference r => _templates.FirstOrDefault(t => t.Template.UriTemplate == r.Uri)?.Completions.GetValueOrDefault(argument.Name),
            _ => null,
        };

        // Free-text arguments and unknown references have no known values: an empty completion, as the spec allows.
        var values = completer is null ? [] : await Guard(() => completer(argument.Value ?? "", cancellationToken)).ConfigureAwait(false);
        return new CompleteResult
        {
            Completion = new Completion { Values = [.. values.Take(MaxCompletionValues)], Total = values.Count, HasMore = values.Count > MaxCompletionValues },
        };
    }

    private static Prompt ToProtocol(McpPrompt prompt) => new()
    {
        Name = prompt.Name,
        Description = prompt.Description,
        Arguments = [.. prompt.Arguments.Select(a => new PromptArgument { Name = a.Name, Description = a.Description, Required = a.Required })],
    };

    // A Memfun error is the client's to see (code, message and hint); the SDK would hide it behind a generic message.
    private static async Task<T> Guard<T>(Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (MemfunException e)
        {
            var code = e.ErrorCode is MemfunErrorCodes.ToolFailure ? McpErrorCode.InternalError : McpErrorCode.InvalidParams;
            throw new McpProtocolException($"{e.ErrorCode}: {e.Message}{(e.Hint is { } hint ? " " + hint : "")}", e, code);
        }
    }
}
