using System.Globalization;
using System.Text;
using Memfun.Runtime.Sqlite;

// Usage: crash-writer <database>. Publishes an event and sets a key per step, printing "acked N" only after
// both calls returned, until killed. The crash test then checks that every acknowledged step survived.
await using var backend = await SqliteBackend.OpenAsync(args[0]);
var output = Console.Out;
for (var step = 0; ; step++)
{
    var text = step.ToString(CultureInfo.InvariantCulture);
    var payload = Encoding.UTF8.GetBytes(text);
    await backend.EventBus.PublishAsync("crash", payload);
    await backend.StateStore.SetAsync("step/" + text, payload);
    await output.WriteLineAsync("acked " + text);
    await output.FlushAsync();
}
