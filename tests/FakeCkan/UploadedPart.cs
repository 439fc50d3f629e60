namespace FakeCkan;

/// <summary>A file sent in a multipart action call: its form field, the file name the client gave, and its bytes.</summary>
public sealed record UploadedPart(string Field, string FileName, byte[] Data);
