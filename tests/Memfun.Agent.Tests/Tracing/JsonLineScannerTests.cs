using System.Text.Json;
using Memfun.Agent.Tracing;

namespace Memfun.Agent.Tests.Tracing;

// The scanner is held to System.Text.Json (JsonDocument, the reader the serializer uses) as the oracle: what one
// accepts the other must, with the same names and values, and what one refuses the other must refuse.
public sealed class JsonLineScannerTests
{
    public static TheoryData<string> ValidObjects() =>
    [
        "{}",
        " { } ",
        "{\"a\":1}",
        "\t{\r\n\"a\" :\n1 ,\"b\"\t: \"x\" }\r\n",
        "{\"a\":[],\"b\":[1,[2,[3]],{\"c\":null}],\"d\":{},\"e\":{\"f\":{\"g\":[true,false,null]}}}",
        "{\"n\":0,\"m\":-0,\"x\":12.5,\"y\":-0.5e-3,\"z\":1E+20,\"w\":1e400,\"v\":123456789012345678901234567890}",
        "{\"\\u0074ype\":\"escaped name\",\"a\\\"b\":\"quote in a name\",\"\":\"empty name\"}",
        "{\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\",\"u\":\"\\u00e9\\u00E9\",\"pair\":\"\\uD83D\\uDE00\",\"raw\":\"é😀 \\u0000\"}",
        "{\"a\":1,\"a\":2}",
    ];

    public static TheoryData<string> InvalidObjects() =>
    [
        "",
        "   ",
        "[1,2]",
        "\"text\"",
        "{",
        "{\"a\"}",
        "{\"a\":}",
        "{\"a\":1,}",
        "{\"a\":1 \"b\":2}",
        "{,\"a\":1}",
        "{\"a\":1}}",
        "{\"a\":1} x",
        "{a:1}",
        "{'a':1}",
        "{\"a\":'x'}",
        "{\"a\":\"unterminated}",
        "{\"a\":\"raw\u0001control\"}",
        "{\"a\":\"tab\tinside\"}",
        "{\"a\":\"\\x41\"}",
        "{\"a\":\"\\u12\"}",
        "{\"a\":\"\\u12G4\"}",
        "{\"a\":01}",
        "{\"a\":1.}",
        "{\"a\":.5}",
        "{\"a\":-}",
        "{\"a\":+1}",
        "{\"a\":1e}",
        "{\"a\":0x10}",
        "{\"a\":NaN}",
        "{\"a\":tru}",
        "{\"a\":nul}",
        "{\"a\":[1,]}",
        "{\"a\":[1 2]}",
        "{\"a\":[}",
        "{\"a\":{\"b\":1}",
        "{\"a\":1 // comment\n}",
    ];

    [Theory]
    [MemberData(nameof(ValidObjects))]
    public void ValidJson_IsReadWithTheNamesSystemTextJsonReads(string json)
    {
        Assert.True(IsJsonObject(json));
        var expected = JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name).ToArray();

        Assert.Equal(expected, Names(json));
    }

    [Theory]
    [MemberData(nameof(InvalidObjects))]
    public void WhatIsNotAJsonObject_IsRefused_AsSystemTextJsonRefusesIt(string json)
    {
        Assert.False(IsJsonObject(json));
        Assert.Throws<FormatException>(() => Names(json));
    }

    [Fact]
    public void Strings_DecodeTheirEscapes_AsSystemTextJsonDoes()
    {
        const string Json = "{\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\",\"u\":\"\\u00e9\\u00E9x\",\"pair\":\"a\\uD83D\\uDE00b\",\"raw\":\"é😀\",\"plain\":\"no escapes\",\"none\":null}";
        var expected = JsonDocument.Parse(Json).RootElement.EnumerateObject().Select(p => p.Value.GetString()).ToArray();

        var scanner = new JsonLineScanner(Json);
        scanner.ReadObjectStart();
        var read = new List<string?>();
        while (scanner.TryReadPropertyName(out _))
        {
            read.Add(scanner.ReadNullableString());
        }

        scanner.ReadEnd();
        Assert.Equal(expected, read);
        Assert.Equal("a😀b", read[2]);
    }

    [Theory]
    [InlineData("\"\\uD83D\"")]
    [InlineData("\"\\uDE00\"")]
    [InlineData("\"\\uD83Dx\"")]
    [InlineData("\"\\uD83D\\u0041\"")]
    [InlineData("\"\\uDE00\\uD83D\"")]
    public void HalfASurrogatePair_IsNotText(string value)
    {
        var json = "{\"a\":" + value + "}";

        Assert.Throws<InvalidOperationException>(() => JsonDocument.Parse(json).RootElement.GetProperty("a").GetString());
        Assert.Throws<FormatException>(() => ReadOne(json, (ref JsonLineScanner s) => s.ReadString()));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-7")]
    [InlineData("2147483647")]
    [InlineData("-2147483648")]
    [InlineData("2147483648")]
    [InlineData("9223372036854775807")]
    [InlineData("9223372036854775808")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData("\"1\"")]
    [InlineData("null")]
    public void WholeNumbers_AreReadInRange_AsSystemTextJsonReadsThem(string value)
    {
        var json = "{\"a\":" + value + "}";
        var element = JsonDocument.Parse(json).RootElement.GetProperty("a");
        int? asInt = element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var i) ? i : null;
        long? asLong = element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var l) ? l : null;

        Assert.Equal(asInt, TryReadOne(json, (ref JsonLineScanner s) => s.ReadInt32()));
        Assert.Equal(asLong, TryReadOne(json, (ref JsonLineScanner s) => s.ReadInt64()));
    }

    [Theory]
    [InlineData("12.5")]
    [InlineData("-0.5e-3")]
    [InlineData("1E+20")]
    [InlineData("0.1")]
    [InlineData("1e400")]
    [InlineData("5")]
    public void Doubles_AreReadAsSystemTextJsonReadsThem(string value)
    {
        var json = "{\"a\":" + value + "}";

        Assert.Equal(JsonDocument.Parse(json).RootElement.GetProperty("a").GetDouble(), ReadOne(json, (ref JsonLineScanner s) => s.ReadDouble()));
    }

    [Theory]
    [InlineData("0.000123")]
    [InlineData("12.3456")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("79228162514264337593543950336")]
    [InlineData("1e400")]
    public void Decimals_AreReadExactlyOrRefusedOutOfRange_AsSystemTextJsonDoes(string value)
    {
        var json = "{\"a\":" + value + "}";
        decimal? expected = JsonDocument.Parse(json).RootElement.GetProperty("a").TryGetDecimal(out var d) ? d : null;

        Assert.Equal(expected, TryReadOne(json, (ref JsonLineScanner s) => s.ReadDecimal()));
    }

    [Theory]
    [InlineData("2026-11-30T13:14:15.6780009+02:00")]
    [InlineData("2026-11-30T13:14:15+00:00")]
    [InlineData("2026-11-30T13:14:15.5Z")]
    [InlineData("2026-11-30T13:14:15-05:30")]
    public void Times_AreReadAsSystemTextJsonReadsThem(string value)
    {
        var json = "{\"a\":\"" + value + "\"}";
        var expected = JsonDocument.Parse(json).RootElement.GetProperty("a").GetDateTimeOffset();

        var read = ReadOne(json, (ref JsonLineScanner s) => s.ReadDateTimeOffset());

        Assert.Equal((expected, expected.Offset), (read, read.Offset));
    }

    [Fact]
    public void APlantedLineNestedAHundredThousandDeep_IsRefused_WithoutExhaustingTheStack()
    {
        var json = "{\"a\":" + new string('[', 100_000) + new string(']', 100_000) + "}";

        Assert.False(IsJsonObject(json));
        Assert.Throws<FormatException>(() => Names(json));
    }

    [Fact]
    public void ALongStringWithEscapes_IsReadWhole()
    {
        var text = string.Concat(Enumerable.Repeat("line of output \"quoted\" é\n", 20_000));
        var json = JsonSerializer.Serialize(new Dictionary<string, string> { ["output"] = text });

        Assert.Equal(text, ReadOne(json, (ref JsonLineScanner s) => s.ReadString()));
    }

    private delegate T Reader<out T>(ref JsonLineScanner scanner);

    private static bool IsJsonObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string[] Names(string json)
    {
        var scanner = new JsonLineScanner(json);
        scanner.ReadObjectStart();
        var names = new List<string>();
        while (scanner.TryReadPropertyName(out var name))
        {
            names.Add(name);
            scanner.Skip();
        }

        scanner.ReadEnd();
        return [.. names];
    }

    // The value of the one property of `json`, read by `read`.
    private static T ReadOne<T>(string json, Reader<T> read)
    {
        var scanner = new JsonLineScanner(json);
        scanner.ReadObjectStart();
        Assert.True(scanner.TryReadPropertyName(out _));
        var value = read(ref scanner);
        Assert.False(scanner.TryReadPropertyName(out _));
        scanner.ReadEnd();
        return value;
    }

    private static T? TryReadOne<T>(string json, Reader<T> read)
        where T : struct
    {
        try
        {
            return ReadOne(json, read);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
