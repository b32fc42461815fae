// A web ReadableStream of UTF-8 bytes from an async iterable of text pieces (a streamed download).
// Pull-based: the next piece is produced only when the client has taken the previous one, so a slow
// client never makes the server hold the whole file; a client that goes away stops the producer.

export function textStream(pieces: AsyncIterable<string>, onError?: (error: unknown) => void): ReadableStream<Uint8Array> {
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
          controller.error(error);
        }
      },
      async cancel() {
        await iterator.return?.(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}
