namespace CkanMigrate.Ckan;

/// <summary>Every attempt (each retry too) passes here on its way out: its answer is noted in the site's <see cref="SiteHealth"/>.</summary>
internal sealed class AttemptRecorder(SiteHealth health) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        health.Record(response.StatusCode == System.Net.HttpStatusCode.InternalServerError);
        return response;
    }
}
