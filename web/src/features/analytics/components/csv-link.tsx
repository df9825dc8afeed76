/** A CSV download of one analytics table; the session cookie authorizes it like any other read. */
export function CsvLink({ path, what }: { path: string; what: string }) {
  return (
    <a className="button secondary csv-link" href={`/api/v1${path}`} download>
      Download {what} (CSV)
    </a>
  );
}
