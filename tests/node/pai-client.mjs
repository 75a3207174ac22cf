// An MCP client nobody here wrote (the TypeScript SDK) using PAI: lists its tools, submits a goal and watches it
// finish with progress notifications. Usage:
//   node pai-client.mjs http  <PAI url> <api key>
//   node pai-client.mjs stdio <path to pai.dll> <PAI url> <api key>     (launches `dotnet pai.dll mcp`)
// Prints one JSON object on stdout: { tools, submitted, progress, final, resource }.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioClientTransport, getDefaultEnvironment } from "@modelcontextprotocol/sdk/client/stdio.js";

const [mode, ...rest] = process.argv.slice(2);
let transport;
if (mode === "http") {
  const [url, key] = rest;
  transport = new StreamableHTTPClientTransport(new URL("/mcp", url), {
    requestInit: { headers: { Authorization: `Bearer ${key}` } },
  });
} else if (mode === "stdio") {
  const [cli, url, key] = rest;
  transport = new StdioClientTransport({
    command: "dotnet",
    args: [cli, "mcp"],
    env: { ...getDefaultEnvironment(), PAI_URL: url, PAI_API_KEY: key, DOTNET_NOLOGO: "1" },
    stderr: "inherit",
  });
} else {
  console.error("usage: pai-client.mjs http|stdio ...");
  process.exit(2);
}

const client = new Client({ name: "pai-interop-test", version: "1.0.0" });
await client.connect(transport);

const tools = (await client.listTools()).tools.map((t) => t.name);
const submitted = await client.callTool({
  name: "submit_goal",
  arguments: {
    title: `typescript client (${mode})`,
    plan: {
      steps: [
        { id: "greet", tool: "echo", with: { text: "hello from TypeScript" } },
        { id: "pause", tool: "wait", with: { for: "1s" }, dependsOn: ["greet"] },
      ],
    },
  },
});
if (submitted.isError) {
  throw new Error(`submit_goal failed: ${JSON.stringify(submitted)}`);
}

const progress = [];
const final = await client.callTool(
  { name: "watch_goal", arguments: { id: submitted.structuredContent.id } },
  undefined,
  { onprogress: (p) => progress.push(p), resetTimeoutOnProgress: true },
);
const resource = await client.readResource({ uri: `pai://goals/${submitted.structuredContent.id}` });

console.log(JSON.stringify({
  tools,
  submitted: submitted.structuredContent,
  progress,
  final: final.structuredContent,
  resource: JSON.parse(resource.contents[0].text),
}));
await client.close();
