import "server-only";

/**
 * A ReadableStream pulling from `chunks` as the client reads (flat memory, backpressure from the client).
 * `first` was pulled already by the caller, so a failure before it is still an error response.
 */
export function pullStream<T>(chunks: AsyncGenerator<T>, encode: (chunk: T) => Uint8Array, first?: IteratorResult<T>): ReadableStream<Uint8Array> {
  let pending = first;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = pending ?? (await chunks.next());
      pending = undefined;
      if (next.done) controller.close();
      else controller.enqueue(encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/** A CSV download streamed from an async generator of text chunks. */
export function streamedCsv(chunks: AsyncGenerator<string>, filename: string): Response {
  const encoder = new TextEncoder();
  return new Response(
    pullStream(chunks, (chunk) => encoder.encode(chunk)),
    { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" } },
  );
}
