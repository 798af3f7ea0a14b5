namespace Memfun.Testing;

/// <summary>
/// The symlink-chain attack every confinement test plants: <c>lnk1 -&gt; OUTSIDE</c>, <c>lnk2 -&gt; lnk1/inner</c> and
/// <c>f2 -&gt; lnk1/top.txt</c> in the project, with <c>top.txt</c> and <c>inner/secret.txt</c> outside it.
/// </summary>
public static class LinkChain
{
    /// <summary>Plants the chain in <paramref name="projectRoot"/>, pointing into <paramref name="outside"/>.</summary>
    /// <param name="projectRoot">The project folder.</param>
    /// <param name="outside">A folder outside the project.</param>
    /// <param name="top">The content of <c>top.txt</c>, outside.</param>
    /// <param name="secret">The content of <c>inner/secret.txt</c>, outside.</param>
    public static void Plant(string projectRoot, TempDirectory outside, string top, string secret)
    {
        ArgumentNullException.ThrowIfNull(outside);
        outside.WriteFile("top.txt", top);
        outside.WriteFile("inner/secret.txt", secret);
        Directory.CreateSymbolicLink(Path.Combine(projectRoot, "lnk1"), outside.Path);
        Directory.CreateSymbolicLink(Path.Combine(projectRoot, "lnk2"), "lnk1/inner");
        File.CreateSymbolicLink(Path.Combine(projectRoot, "f2"), "lnk1/top.txt");
    }
}
