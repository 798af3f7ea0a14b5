using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.Versioning;
using Memfun.Core.Processes;
using Memfun.Testing;

namespace Memfun.Core.Tests.Processes;

/// <summary>
/// Programs are looked up in the absolute folders of <c>PATH</c> only: never the current directory, which is the project
/// a repository could plant a <c>git</c> or <c>bwrap</c> in.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ProgramPathTests : IDisposable
{
    private const string Script = "#!/bin/sh\nexit 0\n";

    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Executable(string relativePath)
    {
        var path = _folder.WriteFile(relativePath, Script);
        MakeExecutable(path);
        return path;
    }

    private static void MakeExecutable(string path) =>
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

    [Fact]
    public void AProgramInTheCurrentDirectory_IsNotFound_ByNameOrThroughRelativePathEntries()
    {
        // Planted where .NET's own lookup looks before PATH: the current directory (the test's output folder here).
        var name = "memfun-planted-" + Guid.NewGuid().ToString("N");
        var planted = Path.Combine(Directory.GetCurrentDirectory(), name);
        File.WriteAllText(planted, Script);
        MakeExecutable(planted);
        try
        {
            Assert.Equal(planted, ProgramPath.Find("./" + name)); // it is a runnable program, named explicitly
            Assert.Null(ProgramPath.Find(name));
            Assert.Null(ProgramPath.Find(name, "."));
            Assert.Null(ProgramPath.Find(name, string.Empty));
            Assert.Null(ProgramPath.Find(name, "/nonexistent::/also-nonexistent")); // the empty entry a shell reads as "."
            Assert.Null(ProgramPath.Find(name, Path.GetFileName(Directory.GetCurrentDirectory()) + ":../" + Path.GetFileName(Directory.GetCurrentDirectory())));
        }
        finally
        {
            File.Delete(planted);
        }
    }

    [Fact]
    public void StartingAProgramThatIsOnlyInTheCurrentDirectory_FailsAsAMissingProgram()
    {
        var name = "memfun-planted-" + Guid.NewGuid().ToString("N");
        var marker = _folder.Combine("ran");
        var planted = Path.Combine(Directory.GetCurrentDirectory(), name);
        File.WriteAllText(planted, $"#!/bin/sh\ntouch '{marker}'\n");
        MakeExecutable(planted);
        try
        {
            using var process = new Process { StartInfo = new ProcessStartInfo(name) };

            var error = Assert.Throws<Win32Exception>(() => ProgramPath.Start(process));

            Assert.Equal(2, error.NativeErrorCode);
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(marker));
        }
        finally
        {
            File.Delete(planted);
        }
    }

    [Fact]
    public void AFileThatCannotBeExecuted_OrAFolder_IsPassedOver_ForALaterFolderOfThePath()
    {
        var first = _folder.CreateDirectory("first");
        _folder.WriteFile("first/tool", Script); // no execute permission
        var second = _folder.CreateDirectory("second");
        _folder.CreateDirectory("second/tool/"); // a folder of that name
        var third = _folder.CreateDirectory("third");
        var expected = Executable("third/tool");

        Assert.Equal(expected, ProgramPath.Find("tool", string.Join(':', first, second, third)));
    }

    [Fact]
    public void TheFirstMatchOnThePath_Wins_AndALinkIsFollowedToItsProgram()
    {
        var target = Executable("real/tool");
        var links = _folder.CreateDirectory("links");
        File.CreateSymbolicLink(Path.Combine(links, "tool"), target);
        var later = _folder.CreateDirectory("later");
        Executable("later/tool");

        Assert.Equal(Path.Combine(links, "tool"), ProgramPath.Find("tool", string.Join(':', links, later)));
    }

    [Fact]
    public void ALinkToNothing_AndAMissingProgram_AreNotFound()
    {
        var links = _folder.CreateDirectory("links");
        File.CreateSymbolicLink(Path.Combine(links, "tool"), _folder.Combine("gone"));

        Assert.Null(ProgramPath.Find("tool", links));
        Assert.Null(ProgramPath.Find(_folder.Combine("links/tool")));
        Assert.Null(ProgramPath.Find("memfun-no-such-program-anywhere"));
    }

    [Fact]
    public void AProgramOnTheProcessPath_IsFoundByName()
    {
        var shell = ProgramPath.Find("sh");

        Assert.NotNull(shell);
        Assert.True(Path.IsPathFullyQualified(shell));
        Assert.Equal("sh", Path.GetFileName(shell));
    }
}
