// lib/bus/bus.ts
function isPulled(delivery) {
  return delivery === "hooks" || delivery === "inbox";
}

export {
  isPulled
};
