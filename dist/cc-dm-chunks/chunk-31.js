import {
  isPulled
} from "./chunk-40.js";

// lib/mail/delivery_words.ts
function sendStatus(r) {
  if (r.queued.length > 0) return "queued";
  if (r.live.length === 0) return "none";
  return r.live.some((name) => !(name in r.routes) || isPulled(r.routes[name])) ? "waiting" : "sent";
}
function routeWords(route) {
  switch (route) {
    case "events":
      return "pushed as a channel event";
    case "socket":
      return "written to its session's inbox socket";
    case "hooks":
      return "waiting for its hooks (next tool call, prompt or idle wake-up)";
    default:
      return "waiting until it calls its inbox tool";
  }
}

export {
  sendStatus,
  routeWords
};
