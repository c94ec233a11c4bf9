// Smoke test: drive `claimlint lsp` with the JSON-RPC/LSP stack vscode-languageclient
// uses (after `npm install` here): `node smoke.js [path/to/claimlint]`.
const cp = require("child_process");
const rpc = require("vscode-languageserver-protocol/node");
const server = cp.spawn(process.argv[2] || "claimlint", ["lsp"], { stdio: ["pipe", "pipe", "inherit"] });
const conn = rpc.createProtocolConnection(
  new rpc.StreamMessageReader(server.stdout), new rpc.StreamMessageWriter(server.stdin));
conn.listen();
const uri = "untitled:check.md";
conn.onNotification(rpc.PublishDiagnosticsNotification.type, async (p) => {
  if (p.uri !== uri || !p.diagnostics.length) return;
  const d = p.diagnostics.find((x) => x.code === "SCM201");
  console.log("diagnostic", d.code, JSON.stringify(d.range), d.codeDescription.href, "v" + p.version);
  const hover = await conn.sendRequest(rpc.HoverRequest.type,
    { textDocument: { uri }, position: d.range.start });
  console.log("hover starts:", hover.contents.value.split("\n")[0]);
  const actions = await conn.sendRequest(rpc.CodeActionRequest.type,
    { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  console.log("actions:", actions.map((a) => a.title).join(" | "));
  const text = await conn.sendRequest(rpc.ExecuteCommandRequest.type,
    { command: "claimlint.explainRule", arguments: ["SCM201"] });
  console.log("explain:", text.split("\n")[0]);
  await conn.sendRequest(rpc.ShutdownRequest.type);
  conn.sendNotification(rpc.ExitNotification.type);
  setTimeout(() => process.exit(0), 200);
});
(async () => {
  const init = await conn.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid, rootUri: null, capabilities: {
      textDocument: { publishDiagnostics: { versionSupport: true } },
      workspace: { workspaceEdit: { documentChanges: true } } },
  });
  console.log("server:", init.serverInfo.name, "sync", init.capabilities.textDocumentSync.change);
  conn.sendNotification(rpc.InitializedNotification.type, {});
  conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: {
    uri, languageId: "markdown", version: 3, text: "# Serum\n\nOur serum heals eczema.\n" } });
})();
setTimeout(() => { console.log("timeout"); process.exit(1); }, 60000);
