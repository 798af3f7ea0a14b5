using System.Globalization;

namespace Memfun.Cli.Rendering;

/// <summary>How the commands write a time and a cost for people: the same everywhere, invariant of the culture.</summary>
/// <remarks>
/// Written with integer and decimal formatting, not a custom date format or a decimal in an interpolated string: those
/// reach generic methods over value types that a ReadyToRun build cannot hold, each compiled at the first listing of a
/// process (issue 20).
/// </remarks>
internal static class DisplayFormat
{
    /// <summary>Returns <paramref name="time"/> in local time, to the minute: <c>2026-11-30 14:05</c>.</summary>
    public static string LocalMinute(DateTimeOffset time)
    {
        var local = time.ToLocalTime();
        return string.Create(CultureInfo.InvariantCulture, $"{local.Year:D4}-{local.Month:D2}-{local.Day:D2} {local.Hour:D2}:{local.Minute:D2}");
    }

    /// <summary>Returns a cost in US dollars with up to four decimals: <c>$0.0123</c>, <c>$0</c>.</summary>
    public static string Dollars(decimal cost) => "$" + cost.ToString("0.####", CultureInfo.InvariantCulture);
}
