// A small JS host of wasi:otel (tracing, metrics, logs), wasi:observe/tracer and wasi:logging for
// `jco transpile`d guests. It records every call with its arguments, so that verify.mjs can check
// what a guest emitted independently of the Java host. current-span-context follows the host
// semantics of DESIGN §5: the innermost open guest span, else the host's span.

/** The span the host is in while it calls the guest; guest root spans must be its children. */
export const HOST_SPAN_CONTEXT = Object.freeze({
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: { sampled: true },
  isRemote: false,
  traceState: [['vendor', 'wasi-otel-java']],
});

/** Every call in order: { fn: 'interface.function', args: [...], result? }. */
export const calls = [];

// Open guest spans, innermost last, as the host keeps them (pushed by on-start, removed by on-end).
const openSpans = [];

function record(fn, args, result) {
  const entry = { fn, args };
  if (result !== undefined) {
    entry.result = result;
  }
  calls.push(entry);
  return result;
}

export const tracing = {
  onStart(context) {
    openSpans.push(context);
    record('tracing.on-start', [context]);
  },
  onEnd(span) {
    const index = openSpans.findLastIndex((open) => open.spanId === span.spanContext.spanId);
    if (index >= 0) {
      openSpans.splice(index, 1);
    }
    record('tracing.on-end', [span]);
  },
  currentSpanContext() {
    const current = openSpans.length > 0 ? openSpans[openSpans.length - 1] : HOST_SPAN_CONTEXT;
    return record('tracing.current-span-context', [], structuredClone(current));
  },
  // The rc.2 tag spells the same function outer-span-context.
  outerSpanContext() {
    const current = openSpans.length > 0 ? openSpans[openSpans.length - 1] : HOST_SPAN_CONTEXT;
    return record('tracing.outer-span-context', [], structuredClone(current));
  },
};

export const metrics = {
  export(resourceMetrics) {
    record('metrics.export', [resourceMetrics]);
  },
};

export const logs = {
  onEmit(logRecord) {
    record('logs.on-emit', [logRecord]);
  },
};

/** wasi:otel/types has no functions. */
export const types = {};

// wasi:observe/tracer: spans are a host resource. jco hands the host class to the guest's
// canonical ABI glue: `start` returns an instance, methods are called on it, and a dropped handle
// calls Symbol.dispose (not every jco version does; `end` is what guests call explicitly).
let nextObserveSpan = 1;
let nextObserveSpanId = 1;

class ObserveSpan {
  constructor(name, options) {
    this.handle = nextObserveSpan++;
    const parent = openSpans.length > 0 ? openSpans[openSpans.length - 1] : HOST_SPAN_CONTEXT;
    const newRoot = options !== undefined && options.newRoot;
    this.context = {
      traceId: newRoot ? 'ffffffffffffffffffffffff' + String(this.handle).padStart(8, '0') : parent.traceId,
      spanId: (nextObserveSpanId++).toString(16).padStart(16, '0'),
      traceFlags: { sampled: true },
      isRemote: false,
      traceState: [],
    };
    this.parentSpanId = newRoot ? '' : parent.spanId;
    openSpans.push(this.context);
    record('tracer.start', [name, options], { handle: this.handle, spanContext: this.context, parentSpanId: this.parentSpanId });
  }
  spanContext() {
    return record(`span#${this.handle}.span-context`, [], structuredClone(this.context));
  }
  isRecording() {
    return record(`span#${this.handle}.is-recording`, [], true);
  }
  setAttributes(attributes) {
    record(`span#${this.handle}.set-attributes`, [attributes]);
  }
  addEvent(name, timestamp, attributes) {
    record(`span#${this.handle}.add-event`, [name, timestamp, attributes]);
  }
  addLink(link) {
    record(`span#${this.handle}.add-link`, [link]);
  }
  setStatus(status) {
    record(`span#${this.handle}.set-status`, [status]);
  }
  updateName(name) {
    record(`span#${this.handle}.update-name`, [name]);
  }
  end(timestamp) {
    this.closeSpan();
    record(`span#${this.handle}.end`, [timestamp]);
  }
  closeSpan() {
    const index = openSpans.findLastIndex((open) => open === this.context);
    if (index >= 0) {
      openSpans.splice(index, 1);
    }
  }
  [Symbol.dispose]() {
    this.closeSpan();
    record(`span#${this.handle}.drop`, []);
  }
}

export const tracer = {
  Span: ObserveSpan,
  start(name, options) {
    return new ObserveSpan(name, options);
  },
};

export const logging = {
  log(level, context, message) {
    record('logging.log', [level, context, message]);
  },
};
