// lib/access/project_scope.ts
function reaches(from, target) {
  return from.project === "" || target.kind === "cli" || target.project === from.project;
}

export {
  reaches
};
