// claimlint for VS Code: starts `claimlint lsp` and connects it to Markdown, HTML and
// plain-text editors. Diagnostics, hover and quick fixes come from the server; this file
// only starts it, passes the settings, and opens rule explanations (claimlint-rule:CODE).
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

const RULE_SCHEME = "claimlint-rule";
let client;

function initializationOptions() {
  const config = vscode.workspace.getConfiguration("claimlint");
  const options = { debounce: config.get("debounce", 15) };
  for (const key of ["market", "select", "ignore", "ruleUrl"]) {
    const value = config.get(key);
    if (value !== null && value !== undefined && value !== "") {
      options[key] = value;
    }
  }
  return options;
}

function createClient() {
  const config = vscode.workspace.getConfiguration("claimlint");
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const command = (config.get("path") || "claimlint").replace("${workspaceFolder}", folder || "");
  const serverOptions = {
    command,
    args: ["lsp"],
    transport: TransportKind.stdio,
    options: folder ? { cwd: folder } : undefined,
  };
  const documentSelector = [];
  for (const language of ["markdown", "html", "plaintext"]) {
    documentSelector.push({ scheme: "file", language }, { scheme: "untitled", language });
  }
  const clientOptions = {
    documentSelector,
    initializationOptions: initializationOptions(),
    // The server registers its own file watchers (config files and claimsets).
  };
  return new LanguageClient("claimlint", "claimlint", serverOptions, clientOptions);
}

async function explain(code) {
  if (!client) {
    return undefined;
  }
  return client.sendRequest("workspace/executeCommand", {
    command: "claimlint.explainRule",
    arguments: [code],
  });
}

async function activate(context) {
  // Diagnostic codes link to claimlint-rule:SCM201; show that as the rule's Markdown.
  const provider = {
    async provideTextDocumentContent(uri) {
      const code = uri.path.replace(/\.md$/, "");
      return (await explain(code)) || `Unknown claimlint rule ${code}.\n`;
    },
  };
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(RULE_SCHEME, provider),
    vscode.workspace.onDidOpenTextDocument((doc) => {
      if (doc.uri.scheme === RULE_SCHEME && doc.languageId !== "markdown") {
        vscode.languages.setTextDocumentLanguage(doc, "markdown");
      }
    }),
    vscode.commands.registerCommand("claimlint.showRule", async (code) => {
      code = code || (await vscode.window.showInputBox({ prompt: "Rule code, e.g. SCM201" }));
      if (code) {
        const doc = await vscode.workspace.openTextDocument(
          vscode.Uri.parse(`${RULE_SCHEME}:${code.trim().toUpperCase()}`));
        await vscode.window.showTextDocument(doc, { preview: true });
      }
    }),
    vscode.commands.registerCommand("claimlint.restart", async () => {
      if (client) {
        await client.stop();
      }
      client = createClient();
      await client.start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("claimlint")) {
        await vscode.commands.executeCommand("claimlint.restart");
      }
    }),
  );
  client = createClient();
  await client.start();
}

async function deactivate() {
  if (client) {
    await client.stop();
  }
}

module.exports = { activate, deactivate };
