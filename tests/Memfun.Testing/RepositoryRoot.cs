namespace Memfun.Testing;

/// <summary>Finds the repository checkout the tests run from (the folder holding <c>Memfun.slnx</c>).</summary>
public static class RepositoryRoot
{
    /// <summary>Gets the repository root.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Memfun.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Memfun.slnx above {AppContext.BaseDirectory}.");
    }
}
