using System.Globalization;
using System.Text;

namespace Memfun.Benchmarks.Tools;

/// <summary>Writes a large, deterministic C# code base whose classes call each other (for search and repository-map runs).</summary>
internal static class GeneratedRepository
{
    public static string Create(string root, int files)
    {
        if (Directory.Exists(root) && Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).Count() == files)
        {
            return root;
        }

        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        var random = new Random(42);
        for (var i = 0; i < files; i++)
        {
            var folder = Path.Combine(root, "src", $"Module{i / 100:D3}");
            Directory.CreateDirectory(folder);
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"namespace Generated.Module{i / 100:D3};\n\n/// <summary>Service number {i}.</summary>\npublic sealed class Service{i:D5}\n{{\n");
            for (var m = 0; m < 20; m++)
            {
                var callee = random.Next(files);
                text.Append(CultureInfo.InvariantCulture, $"    public int Operation{m}(int value)\n    {{\n        // TODO: review the arithmetic of step {m}\n        var other = new Service{callee:D5}();\n        var total = value * {m + 1} + other.Operation{random.Next(20)}(value - 1);\n        return total > 1000 ? total / 2 : total;\n    }}\n\n");
            }

            text.Append("}\n");
            File.WriteAllText(Path.Combine(folder, $"Service{i:D5}.cs"), text.ToString());
        }

        return root;
    }
}
