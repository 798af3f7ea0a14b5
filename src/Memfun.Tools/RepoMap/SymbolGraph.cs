using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Memfun.Tools.RepoMap;

/// <summary>
/// The part of the ranking that does not depend on the question: which files define each name, each file's uses of
/// defined names with their base weights, and the file graph built from them (compressed rows, targets ascending).
/// </summary>
/// <remarks>
/// Built once per set of file contents and kept by the builder, so a new question only reweights the edges of the
/// names it mentions and runs PageRank. Immutable after construction.
/// </remarks>
internal sealed class SymbolGraph
{
    /// <summary>A name defined in more files than this says nothing about which file matters and is left out of the graph.</summary>
    public const int MaxDefinersPerName = 50;

    private SymbolGraph(List<FileEntry> entries, string[] strings, int nameCount, int[][] definers, int[] tagStart, int[] tagFields)
    {
        Entries = entries;
        Strings = strings;
        Names = new Dictionary<string, int>(nameCount, StringComparer.Ordinal);
        for (var id = 0; id < nameCount; id++)
        {
            Names[strings[id]] = id;
        }

        Definers = definers;
        TagStart = tagStart;
        TagFields = tagFields;
    }

    /// <summary>Gets the analysed files, in path order (a file's index is its node).</summary>
    public List<FileEntry> Entries { get; }

    /// <summary>Gets the id of every defined name (its index in <see cref="Strings"/>).</summary>
    public Dictionary<string, int> Names { get; }

    /// <summary>Gets the files defining each name, ascending.</summary>
    public int[][] Definers { get; }

    /// <summary>Gets where each file's tags start, in tags (one more than files).</summary>
    public int[] TagStart { get; }

    /// <summary>Gets the number of tags of all files.</summary>
    public int TagCount => TagStart[^1];

    // Defined names first (a name's id is its index), then kinds and scopes.
    private string[] Strings { get; }

    // Four per tag: name id, kind, line, scope (-1 for none); a tag is materialised only when it is shown.
    private int[] TagFields { get; }

    /// <summary>Gets where each file's uses start in <see cref="UseName"/> and <see cref="UseWeight"/> (one more than files).</summary>
    public int[] UseStart { get; private set; } = [];

    /// <summary>Gets the used name of each use (only names with 1 to <see cref="MaxDefinersPerName"/> definers).</summary>
    public int[] UseName { get; private set; } = [];

    /// <summary>Gets the base weight of each use: √count, a tenth for private and widely defined names.</summary>
    public double[] UseWeight { get; private set; } = [];

    /// <summary>Gets where each file's edges start in <see cref="EdgeTarget"/> and <see cref="EdgeWeight"/> (one more than files).</summary>
    public int[] EdgeStart { get; private set; } = [];

    /// <summary>Gets the target file of each edge, ascending within a source.</summary>
    public int[] EdgeTarget { get; private set; } = [];

    /// <summary>Gets the base weight of each edge: the sum of the weights of the uses that lead to its target.</summary>
    public double[] EdgeWeight { get; private set; } = [];

    /// <summary>Gets, per name, where its users start in <see cref="UserFile"/> and <see cref="UserWeight"/> (one more than names).</summary>
    public int[] UserStart { get; private set; } = [];

    /// <summary>Gets the file of each use, grouped by name.</summary>
    public int[] UserFile { get; private set; } = [];

    /// <summary>Gets the base weight of each use, grouped by name.</summary>
    public double[] UserWeight { get; private set; } = [];

    /// <summary>Builds the graph of <paramref name="entries"/>.</summary>
    public static SymbolGraph Build(List<FileEntry> entries)
    {
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var definerLists = new List<List<int>>();
        var tagStart = new int[entries.Count + 1];
        for (var file = 0; file < entries.Count; file++)
        {
            foreach (var tag in entries[file].Tags)
            {
                if (!strings.TryGetValue(tag.Name, out var id))
                {
                    strings[tag.Name] = id = strings.Count;
                    definerLists.Add([]);
                }

                var list = definerLists[id];
                if (list.Count == 0 || list[^1] != file)
                {
                    list.Add(file);
                }
            }

            tagStart[file + 1] = tagStart[file] + entries[file].Tags.Count;
        }

        var nameCount = strings.Count;
        int Id(string? value)
        {
            if (value is null)
            {
                return -1;
            }

            if (!strings.TryGetValue(value, out var id))
            {
                strings[value] = id = strings.Count;
            }

            return id;
        }

        var tagFields = new int[tagStart[^1] * 4];
        var field = 0;
        foreach (var tag in entries.SelectMany(e => e.Tags))
        {
            (tagFields[field], tagFields[field + 1], tagFields[field + 2], tagFields[field + 3]) = (strings[tag.Name], Id(tag.Kind), tag.Line, Id(tag.Scope));
            field += 4;
        }

        var graph = new SymbolGraph(entries, [.. strings.Keys], nameCount, [.. definerLists.Select(l => l.ToArray())], tagStart, tagFields);
        graph.BuildUses();
        graph.BuildEdges();
        return graph;
    }

    /// <summary>Returns the name id of a tag (by its index over all files).</summary>
    public int TagName(int tag) => TagFields[tag * 4];

    /// <summary>Returns a tag (by its index over all files).</summary>
    public SymbolTag Tag(int tag)
    {
        var scope = TagFields[(tag * 4) + 3];
        return new SymbolTag(Strings[TagFields[tag * 4]], Strings[TagFields[(tag * 4) + 1]], TagFields[(tag * 4) + 2], scope < 0 ? null : Strings[scope]);
    }

    private void BuildUses()
    {
        var start = new int[Entries.Count + 1];
        var useName = new List<int>();
        var useWeight = new List<double>();
        for (var file = 0; file < Entries.Count; file++)
        {
            foreach (var (name, count) in Entries[file].References)
            {
                if (!Names.TryGetValue(name, out var id) || Definers[id].Length > MaxDefinersPerName)
                {
                    continue;
                }

                // Aider's weighting: private and ubiquitous names count less (mentioned ones more, per question).
                useName.Add(id);
                useWeight.Add((name.StartsWith('_') || Definers[id].Length > 5 ? 0.1 : 1.0) * Math.Sqrt(count));
            }

            start[file + 1] = useName.Count;
        }

        (UseStart, UseName, UseWeight) = (start, [.. useName], [.. useWeight]);

        // The same uses grouped by name (counting sort), for the names a question mentions and for spreading rank.
        var userStart = new int[Names.Count + 1];
        foreach (var id in UseName)
        {
            userStart[id + 1]++;
        }

        for (var id = 0; id < Names.Count; id++)
        {
            userStart[id + 1] += userStart[id];
        }

        var fill = (int[])userStart.Clone();
        var userFile = new int[UseName.Length];
        var userWeight = new double[UseName.Length];
        for (var file = 0; file < Entries.Count; file++)
        {
            for (var u = UseStart[file]; u < UseStart[file + 1]; u++)
            {
                var slot = fill[UseName[u]]++;
                userFile[slot] = file;
                userWeight[slot] = UseWeight[u];
            }
        }

        (UserStart, UserFile, UserWeight) = (userStart, userFile, userWeight);
    }

    private void BuildEdges()
    {
        var start = new int[Entries.Count + 1];
        var targets = new List<int>();
        var weights = new List<double>();
        var row = new Dictionary<int, double>();
        for (var source = 0; source < Entries.Count; source++)
        {
            row.Clear();
            for (var u = UseStart[source]; u < UseStart[source + 1]; u++)
            {
                foreach (var target in Definers[UseName[u]])
                {
                    if (target != source)
                    {
                        row[target] = row.GetValueOrDefault(target) + UseWeight[u];
                    }
                }
            }

            foreach (var target in row.Keys.Order())
            {
                targets.Add(target);
                weights.Add(row[target]);
            }

            start[source + 1] = targets.Count;
        }

        (EdgeStart, EdgeTarget, EdgeWeight) = (start, [.. targets], [.. weights]);
    }

    /// <summary>Writes the graph (everything but the entries, which the reader is given again).</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(Names.Count);
        writer.Write(Strings.Length);
        foreach (var value in Strings)
        {
            writer.Write(value);
        }

        WriteArray(writer, TagStart);
        WriteArray(writer, TagFields);
        WriteArray(writer, [.. Definers.Select(d => d.Length)]);
        WriteArray(writer, [.. Definers.SelectMany(d => d)]);
        WriteArray(writer, UseStart);
        WriteArray(writer, UseName);
        WriteArray(writer, UseWeight);
        WriteArray(writer, EdgeStart);
        WriteArray(writer, EdgeTarget);
        WriteArray(writer, EdgeWeight);
        WriteArray(writer, UserStart);
        WriteArray(writer, UserFile);
        WriteArray(writer, UserWeight);
    }

    /// <summary>Reads a graph <see cref="Write"/> wrote for <paramref name="entries"/>.</summary>
    /// <exception cref="FormatException">The graph is of another number of files.</exception>
    public static SymbolGraph Read(BinaryReader reader, List<FileEntry> entries)
    {
        var nameCount = reader.ReadInt32();
        var stringCount = reader.ReadInt32();

        // Each string takes at least its one-byte length: a planted count can neither be negative nor allocate past the file.
        if (stringCount < 0 || stringCount > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new FormatException("The graph file has more strings than bytes.");
        }

        var strings = new string[stringCount];
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = reader.ReadString();
        }

        var tagStart = ReadArray<int>(reader);
        if (tagStart.Length != entries.Count + 1)
        {
            throw new FormatException("The graph is of another set of files.");
        }

        var tagFields = ReadArray<int>(reader);
        var definerCounts = ReadArray<int>(reader);
        var definerFiles = ReadArray<int>(reader);
        var definers = new int[definerCounts.Length][];
        for (int name = 0, at = 0; name < definers.Length; at += definerCounts[name], name++)
        {
            definers[name] = definerFiles[at..(at + definerCounts[name])];
        }

        var graph = new SymbolGraph(entries, strings, nameCount, definers, tagStart, tagFields)
        {
            UseStart = ReadArray<int>(reader),
            UseName = ReadArray<int>(reader),
            UseWeight = ReadArray<double>(reader),
            EdgeStart = ReadArray<int>(reader),
            EdgeTarget = ReadArray<int>(reader),
            EdgeWeight = ReadArray<double>(reader),
            UserStart = ReadArray<int>(reader),
            UserFile = ReadArray<int>(reader),
            UserWeight = ReadArray<double>(reader),
        };
        graph.Validate(nameCount);
        return graph;
    }

    // The cache folder can come with a cloned repository: a planted graph must fail to load, never index out of range later.
    // Plain loops over spans: this runs on every new builder's first question, over arrays of a hundred thousand entries.
    private void Validate(int nameCount)
    {
        var files = Entries.Count;
        var valid = nameCount <= Strings.Length && Definers.Length == nameCount && TagFields.Length % 4 == 0 && Rows(TagStart, files, TagFields.Length / 4) &&
            Rows(UseStart, files, UseName.Length) && UseWeight.Length == UseName.Length && Within(UseName, 0, nameCount) &&
            Rows(EdgeStart, files, EdgeTarget.Length) && EdgeWeight.Length == EdgeTarget.Length && Within(EdgeTarget, 0, files) &&
            Rows(UserStart, nameCount, UserFile.Length) && UserWeight.Length == UserFile.Length && Within(UserFile, 0, files);
        for (var name = 0; valid && name < Definers.Length; name++)
        {
            valid = Within(Definers[name], 0, files);
        }

        var fields = TagFields.AsSpan();
        for (var at = 0; valid && at < fields.Length; at += 4)
        {
            // Name (a defined name), kind (any string), line, scope (any string, or -1 for none).
            valid = (uint)fields[at] < (uint)nameCount && (uint)fields[at + 1] < (uint)Strings.Length && fields[at + 3] >= -1 && fields[at + 3] < Strings.Length;
        }

        if (!valid)
        {
            throw new FormatException("The graph file is inconsistent.");
        }
    }

    // Row starts of a compressed layout: one more than rows, from 0 to length, never decreasing.
    private static bool Rows(int[] start, int rows, int length)
    {
        if (start.Length != rows + 1 || start[0] != 0 || start[^1] != length)
        {
            return false;
        }

        for (var i = 1; i < start.Length; i++)
        {
            if (start[i] < start[i - 1])
            {
                return false;
            }
        }

        return true;
    }

    private static bool Within(ReadOnlySpan<int> values, int low, int count) => count > 0 ? values.IndexOfAnyExceptInRange(low, low + count - 1) < 0 : values.IsEmpty;

    private static void WriteArray<T>(BinaryWriter writer, T[] values)
        where T : unmanaged
    {
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static T[] ReadArray<T>(BinaryReader reader)
        where T : unmanaged
    {
        var length = reader.ReadInt32();
        if (length < 0 || (long)length * Unsafe.SizeOf<T>() > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new FormatException("An array of the graph file is longer than the file.");
        }

        var values = new T[length];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }
}
