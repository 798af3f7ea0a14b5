namespace Memfun.Tools.Files;

/// <summary>The one rule for exact-text edits, shared by <c>edit_file</c> on disk and in the staged overlay.</summary>
internal static class TextReplacement
{
    /// <summary>Replaces <paramref name="oldText"/> in <paramref name="text"/>; it must occur exactly once unless <paramref name="replaceAll"/>.</summary>
    /// <exception cref="ToolException">The text is empty, unchanged, absent, or not unique.</exception>
    public static (string Text, int Count) Apply(string text, string oldText, string newText, bool replaceAll, string path)
    {
        ArgumentNullException.ThrowIfNull(newText);
        if (string.IsNullOrEmpty(oldText))
        {
            throw ToolErrors.BadArgument("oldString must not be empty; use write_file to create a file.");
        }

        if (oldText == newText)
        {
            throw ToolErrors.BadArgument("oldString and newString are the same; nothing would change.");
        }

        var count = 0;
        for (var index = text.IndexOf(oldText, StringComparison.Ordinal); index >= 0; index = text.IndexOf(oldText, index + oldText.Length, StringComparison.Ordinal))
        {
            count++;
        }

        if (count == 0)
        {
            throw ToolErrors.BadArgument($"oldString was not found in '{path}'. Read the file and copy the text exactly, including whitespace.");
        }

        if (count > 1 && !replaceAll)
        {
            throw ToolErrors.BadArgument($"oldString occurs {count} times in '{path}'. Include more surrounding lines to make it unique, or set replaceAll.");
        }

        return (text.Replace(oldText, newText, StringComparison.Ordinal), count);
    }
}
