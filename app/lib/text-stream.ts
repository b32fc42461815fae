// A web ReadableStream of UTF-8 bytes from an async iterable of text pieces (a streamed download).
// Pull-based: the next piece is produced only when the client has taken the previous one, so a slow
// client never makes the server hold the whole file; a client that goes away stops the producer.
//
// A failure after the first bytes are sent cannot change the status any more: with `lastWords`, the
// stream then ends with that text (a last line saying the file is incomplete) instead of stopping
// half-way without a word.

export function textStream(
  pieces: AsyncIterable<string>,
  onError?: (error: unknown) => void,
  lastWords?: (error: unknown) => string,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = pieces[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          for (;;) {
            const { value, done } = await iterator.next();
            if (done) {
              controller.close();
              return;
            }
            if (value.length > 0) {
              controller.enqueue(encoder.encode(value));
              return;
            }
          }
        } catch (error) {
          onError?.(error);
          if (!lastWords) return controller.error(error);
          controller.enqueue(encoder.encode(lastWords(error)));
          controller.close();
        }
      },
      async cancel() {
        await iterator.return?.(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}
