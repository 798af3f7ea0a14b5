using System.Globalization;
using Memfun.Cli.Rendering;

namespace Memfun.Cli.Tests;

public sealed class DisplayFormatTests
{
    public static TheoryData<DateTimeOffset> Times() =>
    [
        new DateTimeOffset(2026, 11, 30, 14, 5, 59, TimeSpan.Zero),
        new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(-7.5)),
        new DateTimeOffset(2026, 12, 31, 23, 59, 0, TimeSpan.FromHours(14)),
        new DateTimeOffset(987, 6, 5, 0, 0, 0, TimeSpan.Zero),
    ];

    [Theory]
    [MemberData(nameof(Times))]
    public void LocalMinute_IsTheLocalTimeAsTheCustomFormatWritesIt(DateTimeOffset time)
    {
        Assert.Equal(time.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), DisplayFormat.LocalMinute(time));
    }

    [Theory]
    [InlineData("0", "$0")]
    [InlineData("0.0123", "$0.0123")]
    [InlineData("12.3456", "$12.3456")]
    [InlineData("1.23456", "$1.2346")]
    [InlineData("0.00004", "$0")]
    [InlineData("1500", "$1500")]
    [InlineData("2.5000", "$2.5")]
    public void Dollars_HasAtMostFourDecimals_RoundedAndWithoutTrailingZeros(string cost, string expected)
    {
        Assert.Equal(expected, DisplayFormat.Dollars(decimal.Parse(cost, CultureInfo.InvariantCulture)));
    }
}
