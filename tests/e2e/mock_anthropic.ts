// A stand-in for the Anthropic Messages API on 127.0.0.1, so a real Claude Code runs offline and
// every request it makes to "the model" can be asserted on. Replies are scripted per request.

/** One content block of a scripted assistant reply. */
export type ReplyBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; name: string; input: Record<string, unknown>; id?: string };

/** A scripted reply: plain text, or content blocks (a `tool_use` makes the session call a tool). */
export type Reply = string | ReplyBlock[];

/** A content block of a request message, as Claude Code sent it (only the fields tests read). */
export interface RequestBlock {
  type: string;
  text?: string;
  name?: string;
  id?: string;
  input?: unknown;
  tool_use_id?: string;
  content?: string | RequestBlock[];
  is_error?: boolean;
}

export interface RequestMessage {
  role: "user" | "assistant" | "system";
  content: string | RequestBlock[];
}

/** A recorded `POST /v1/messages` body. */
export interface MessagesRequest {
  model: string;
  stream?: boolean;
  system?: string | { type: string; text: string }[];
  messages: RequestMessage[];
  tools?: { name: string }[];
  [key: string]: unknown;
}

/** Decides the reply to one request; `undefined` falls through to the queue, then the default. */
export type Responder = (request: MessagesRequest, index: number) => Reply | undefined;

export interface MockOptions {
  respond?: Responder;
  /** Reply when nothing else answers (side requests such as titles, or an exhausted queue). */
  fallback?: Reply;
}

/** A `<channel ...>` block as the model saw it in a user message. */
export interface ChannelBlock {
  attributes: Record<string, string>;
  content: string;
  /** Index (in `requests`) of the first request that carried it. */
  requestIndex: number;
}

/**
 * The mock API server. `requests` holds every Messages request in arrival order. Replies come
 * from `respond` when it returns one, else from the queue filled by `enqueue` (taken only by
 * conversation requests, those that offer tools), else `fallback`.
 */
export class MockAnthropic {
  readonly requests: MessagesRequest[] = [];
  /** When each request arrived (Date.now(), the clock the bus stamps with), by index. */
  readonly receivedAt: number[] = [];
  /** Every request line seen, including the ones answered 404 ("POST /v1/other"). */
  readonly log: string[] = [];
  respond: Responder | undefined;
  fallback: Reply;
  #queue: Reply[] = [];
  #server: Deno.HttpServer<Deno.NetAddr>;
  #waiters = new Set<() => void>();
  #ids = 0;

  private constructor(options: MockOptions) {
    this.respond = options.respond;
    this.fallback = options.fallback ?? "OK.";
    this.#server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      (req) => this.#handle(req),
    );
  }

  static start(options: MockOptions = {}): MockAnthropic {
    return new MockAnthropic(options);
  }

  /** The value for ANTHROPIC_BASE_URL. */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.#server.addr.port}`;
  }

  /** Replies for the next conversation requests, in order. */
  enqueue(...replies: Reply[]): void {
    this.#queue.push(...replies);
  }

  /** Resolve with the first recorded request matching `predicate` (waiting for it if needed). */
  async waitForRequest(
    predicate: (request: MessagesRequest, index: number) => boolean,
    timeoutMs: number,
    what = "a matching request",
  ): Promise<MessagesRequest> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.requests.findIndex(predicate);
      if (index >= 0) return this.requests[index];
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`mock API: no ${what} within ${timeoutMs} ms; saw ${this.describe()}`);
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.#waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, left);
        this.#waiters.add(done);
      });
    }
  }

  /** Wait until a request carries a `<channel>` block matching `predicate`; returns that block. */
  async waitForChannelBlock(
    predicate: (block: ChannelBlock) => boolean,
    timeoutMs: number,
  ): Promise<ChannelBlock> {
    let found: ChannelBlock | undefined;
    await this.waitForRequest(
      () => (found = findChannelBlocks(this.requests).find(predicate)) !== undefined,
      timeoutMs,
      "request with the expected <channel> block",
    );
    return found!;
  }

  /** A short account of the requests seen, for failure messages. */
  describe(): string {
    const lines = this.requests.map((r, i) => {
      const last = r.messages.at(-1);
      return `#${i} ${r.model} tools=${r.tools?.length ?? 0} last=${
        JSON.stringify(last?.content).slice(0, 300)
      }`;
    });
    return `${this.requests.length} requests\n${lines.join("\n")}\nlog: ${this.log.join(", ")}`;
  }

  async close(): Promise<void> {
    await this.#server.shutdown();
  }

  async #handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    this.log.push(`${req.method} ${url.pathname}`);
    if (req.method === "POST" && url.pathname === "/v1/messages/count_tokens") {
      await req.body?.cancel();
      return Response.json({ input_tokens: 100 });
    }
    if (req.method !== "POST" || url.pathname !== "/v1/messages") {
      await req.body?.cancel();
      return Response.json({ type: "error", error: { type: "not_found_error", message: "mock" } }, {
        status: 404,
      });
    }
    const arrived = Date.now();
    const body = await req.json() as MessagesRequest;
    const index = this.requests.push(body) - 1;
    this.receivedAt[index] = arrived;
    for (const wake of [...this.#waiters]) wake();
    const blocks = toBlocks(this.#pick(body, index));
    const message = this.#message(body.model, blocks);
    if (!body.stream) return Response.json(message);
    return new Response(sse(message), {
      headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
    });
  }

  #pick(body: MessagesRequest, index: number): Reply {
    const scripted = this.respond?.(body, index);
    if (scripted !== undefined) return scripted;
    if (isConversation(body) && this.#queue.length) return this.#queue.shift()!;
    return this.fallback;
  }

  #message(model: string, blocks: ReplyBlock[]): AssistantMessage {
    const content = blocks.map((b): AssistantBlock =>
      b.type === "text"
        ? { type: "text", text: b.text }
        : { type: "tool_use", id: b.id ?? `toolu_mock${++this.#ids}`, name: b.name, input: b.input }
    );
    const usesTool = content.some((b) => b.type === "tool_use");
    return {
      id: `msg_mock${++this.#ids}`,
      type: "message",
      role: "assistant",
      model,
      content,
      stop_reason: usesTool ? "tool_use" : "end_turn",
      stop_sequence: null,
      usage: {
        input_tokens: 100,
        output_tokens: 10,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    };
  }
}

type AssistantBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };

interface AssistantMessage {
  id: string;
  type: "message";
  role: "assistant";
  model: string;
  content: AssistantBlock[];
  stop_reason: "tool_use" | "end_turn";
  stop_sequence: null;
  usage: Record<string, number>;
}

/** Whether a request is a turn of the session's conversation (it offers tools) rather than a side query. */
export function isConversation(request: MessagesRequest): boolean {
  return (request.tools?.length ?? 0) > 0;
}

/** Text of every user text block of a request, in order (string contents count as one block). */
export function userTexts(request: MessagesRequest): string[] {
  const out: string[] = [];
  for (const m of request.messages) {
    if (m.role !== "user") continue;
    if (typeof m.content === "string") out.push(m.content);
    else for (const b of m.content) if (b.type === "text" && typeof b.text === "string") out.push(b.text);
  }
  return out;
}

/** The tool results in a request's last user message (what the session's tool calls returned). */
export function toolResults(
  request: MessagesRequest,
): { toolUseId: string; text: string; isError: boolean }[] {
  const out: { toolUseId: string; text: string; isError: boolean }[] = [];
  for (const m of request.messages) {
    if (m.role !== "user" || typeof m.content === "string") continue;
    for (const b of m.content) {
      if (b.type !== "tool_result") continue;
      const text = typeof b.content === "string"
        ? b.content
        : (b.content ?? []).map((c) => c.text ?? "").join("\n");
      out.push({ toolUseId: b.tool_use_id ?? "", text, isError: b.is_error === true });
    }
  }
  return out;
}

/** Content blocks of the user messages after the last assistant message: what this turn adds. */
export function newUserBlocks(request: MessagesRequest): RequestBlock[] {
  const out: RequestBlock[] = [];
  for (const m of request.messages) {
    if (m.role === "assistant") out.length = 0;
    else if (m.role === "user") {
      if (typeof m.content === "string") out.push({ type: "text", text: m.content });
      else out.push(...m.content);
    }
  }
  return out;
}

/** Text this request adds to the conversation (typed prompts, reminders, channel blocks). */
export function newUserText(request: MessagesRequest): string {
  return newUserBlocks(request).map((b) => b.type === "text" ? b.text ?? "" : "").join("\n");
}

/** Whether this request carries the result of a tool call the last reply asked for. */
export function hasNewToolResult(request: MessagesRequest): boolean {
  return newUserBlocks(request).some((b) => b.type === "tool_result");
}

/** The `<channel>` blocks this request adds to the conversation (see newUserBlocks). */
export function newChannelBlocks(request: MessagesRequest): Omit<ChannelBlock, "requestIndex">[] {
  const out: Omit<ChannelBlock, "requestIndex">[] = [];
  for (const b of newUserBlocks(request)) {
    const block = b.type === "text" && b.text ? parseChannelBlock(b.text.trim()) : null;
    if (block) out.push(block);
  }
  return out;
}

// Claude Code renders one event as one text block: the opening tag with attributes, a newline,
// the content, a newline, the closing tag. Anchoring on the whole block keeps a forged
// `<channel ...>` inside the content part of the content.
const CHANNEL_BLOCK = /^<channel((?:\s+[a-zA-Z_][a-zA-Z0-9_]*="[^"]*")*)>\n([\s\S]*)\n<\/channel>$/;
const ATTRIBUTE = /([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"/g;

/**
 * The `<channel>` blocks that reached the model, unique by attributes and content, in the order
 * they first appeared (later requests repeat the conversation history).
 */
export function findChannelBlocks(requests: readonly MessagesRequest[]): ChannelBlock[] {
  const seen = new Set<string>();
  const out: ChannelBlock[] = [];
  requests.forEach((request, requestIndex) => {
    for (const text of userTexts(request)) {
      const block = parseChannelBlock(text.trim());
      if (!block) continue;
      const key = JSON.stringify([block.attributes, block.content]);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ...block, requestIndex });
    }
  });
  return out;
}

/** Parse one text block that is exactly a rendered channel event, else null. */
export function parseChannelBlock(text: string): Omit<ChannelBlock, "requestIndex"> | null {
  const match = CHANNEL_BLOCK.exec(text);
  if (!match) return null;
  const attributes: Record<string, string> = {};
  for (const [, key, value] of match[1].matchAll(ATTRIBUTE)) attributes[key] = unescapeHtml(value);
  return { attributes, content: match[2] };
}

function unescapeHtml(value: string): string {
  return value.replace(
    /&(quot|lt|gt|#39|amp);/g,
    (_, name: string) => ({ quot: '"', lt: "<", gt: ">", "#39": "'", amp: "&" })[name]!,
  );
}

function toBlocks(reply: Reply): ReplyBlock[] {
  return typeof reply === "string" ? [{ type: "text", text: reply }] : reply;
}

/** The Messages streaming protocol for one finished message. */
function sse(message: AssistantMessage): ReadableStream<Uint8Array> {
  const events: [string, unknown][] = [];
  events.push(["message_start", {
    type: "message_start",
    message: { ...message, content: [], stop_reason: null, usage: { ...message.usage, output_tokens: 1 } },
  }]);
  message.content.forEach((block, index) => {
    if (block.type === "text") {
      events.push(["content_block_start", {
        type: "content_block_start",
        index,
        content_block: { type: "text", text: "" },
      }]);
      events.push(["content_block_delta", {
        type: "content_block_delta",
        index,
        delta: { type: "text_delta", text: block.text },
      }]);
    } else {
      events.push(["content_block_start", {
        type: "content_block_start",
        index,
        content_block: { type: "tool_use", id: block.id, name: block.name, input: {} },
      }]);
      events.push(["content_block_delta", {
        type: "content_block_delta",
        index,
        delta: { type: "input_json_delta", partial_json: JSON.stringify(block.input) },
      }]);
    }
    events.push(["content_block_stop", { type: "content_block_stop", index }]);
  });
  events.push(["message_delta", {
    type: "message_delta",
    delta: { stop_reason: message.stop_reason, stop_sequence: null },
    usage: { output_tokens: message.usage.output_tokens },
  }]);
  events.push(["message_stop", { type: "message_stop" }]);
  const text = events.map(([name, data]) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`).join("");
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });
}
