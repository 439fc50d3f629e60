using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace CkanMigrate.Concurrency;

/// <summary>
/// Runs an async function over a stream of inputs with at most <c>degree</c> calls in flight, and
/// yields the results in input order. Only the in-flight window is held in memory, however long the
/// input: the producer may run at most <c>degree</c> items ahead of the consumer.
/// </summary>
internal static class OrderedParallel
{
    public static async IAsyncEnumerable<TOut> SelectAsync<TIn, TOut>(
        IAsyncEnumerable<TIn> source,
        int degree,
        Func<TIn, CancellationToken, Task<TOut>> selector,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degree, 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var window = new SemaphoreSlim(degree, degree);
        var started = Channel.CreateUnbounded<Task<TOut>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        var producer = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in source.WithCancellation(stop.Token).ConfigureAwait(false))
                {
                    await window.WaitAsync(stop.Token).ConfigureAwait(false);
                    var captured = item;
                    started.Writer.TryWrite(Task.Run(() => selector(captured, stop.Token), stop.Token));
                }
                started.Writer.TryComplete();
            }
            catch (Exception e)
            {
                started.Writer.TryComplete(e);
            }
        }, CancellationToken.None);

        try
        {
            await foreach (var task in started.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                TOut result;
                try
                {
                    result = await task.ConfigureAwait(false);
                }
                finally
                {
                    window.Release();
                }
                yield return result;
            }
        }
        finally
        {
            // The consumer stopped (done, failed or abandoned): stop the producer and let in-flight calls end.
            stop.Cancel();
            try { await producer.ConfigureAwait(false); } catch (OperationCanceledException) { }
            while (started.Reader.TryRead(out var pending))
                try { await pending.ConfigureAwait(false); } catch { /* already failing or cancelled */ }
        }
    }
}
