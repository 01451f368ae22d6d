import { redactUrl, URL_ATTRIBUTES } from './redactUrl';

/** What the processor touches of an SDK span: its attributes and name, still writable at its start. */
interface WritableSpan {
  readonly name: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  setAttribute(key: string, value: string): unknown;
  updateName(name: string): unknown;
}

/**
 * An OpenTelemetry span processor that passes every URL of a span through {@link redactUrl}
 * before any exporter sees it. The HTTP instrumentations (`http`, `undici`, the Azure SDK's)
 * set the URL attributes when they start a span, so `onStart` is where they are rewritten
 * (https://opentelemetry.io/docs/specs/otel/trace/sdk/#onstart); `onEnding`, where the SDK
 * offers it, catches attributes set later.
 */
export function createRedactingSpanProcessor() {
  const redact = (span: WritableSpan) => {
    for (const key of URL_ATTRIBUTES) {
      const value = span.attributes[key];
      if (typeof value !== 'string') continue;
      const redacted =
        key === 'url.query' && !value.startsWith('?') ? redactUrl(`?${value}`).slice(1) : redactUrl(value);
      if (redacted !== value) span.setAttribute(key, redacted);
    }
    const name = redactUrl(span.name);
    if (name !== span.name) span.updateName(name);
  };
  return {
    onStart: redact,
    onEnding: redact,
    onEnd: () => undefined,
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}
