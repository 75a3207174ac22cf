// An MCP client nobody here wrote (the TypeScript SDK) using PAI's knowledge tools over streamable HTTP: asserts a
// fact, queries the graph, writes a note and reads it back as a tool result and as a resource; then a second key
// (another principal) asks for the same entity and note. Usage:
//   node pai-knowledge-client.mjs <PAI url> <api key> <another principal's api key>
// Prints one JSON object on stdout: { tools, asserted, entity, written, read, resource, others }.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, key, otherKey] = process.argv.slice(2);
if (!otherKey) {
  console.error("usage: pai-knowledge-client.mjs <url> <key> <other key>");
  process.exit(2);
}

async function connect(apiKey) {
  const client = new Client({ name: "pai-knowledge-interop-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL("/mcp", url), {
    requestInit: { headers: { Authorization: `Bearer ${apiKey}` } },
  }));
  return client;
}

function ok(name, result) {
  if (result.isError) {
    throw new Error(`${name} failed: ${JSON.stringify(result)}`);
  }
  return result.structuredContent;
}

const client = await connect(key);
const tools = (await client.listTools()).tools.map((t) => t.name);
const asserted = ok("assert_fact", await client.callTool({
  name: "assert_fact",
  arguments: { subject: "Typescript Lighthouse", predicate: "stands_on", object: "Granite Point" },
}));
const entity = ok("query_graph", await client.callTool({ name: "query_graph", arguments: { entity: "Typescript Lighthouse", depth: 1 } }));
const markdown = "# Lighthouse log\n\nThe lamp at [[Granite Point]] was relit by the TypeScript client.\n";
const written = ok("write_note", await client.callTool({ name: "write_note", arguments: { path: "logs/lighthouse.md", markdown } }));
const read = ok("read_note", await client.callTool({ name: "read_note", arguments: { path: "logs/lighthouse.md" } }));
const resource = await client.readResource({ uri: "pai://notes/logs/lighthouse.md" });
await client.close();

const other = await connect(otherKey);
const othersEntity = await other.callTool({ name: "query_graph", arguments: { entity: "Typescript Lighthouse" } });
const othersNote = await other.callTool({ name: "read_note", arguments: { path: "logs/lighthouse.md" } });
await other.close();

console.log(JSON.stringify({
  tools,
  asserted,
  entity,
  written,
  read,
  markdown,
  resource: resource.contents[0],
  others: {
    entity: { isError: othersEntity.isError === true, status: othersEntity.structuredContent?.status },
    note: { isError: othersNote.isError === true, status: othersNote.structuredContent?.status },
  },
}));
