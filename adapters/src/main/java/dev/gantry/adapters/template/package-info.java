/**
 * Hugging Face chat templates: {@link dev.gantry.adapters.template.ChatTemplate} renders the Jinja
 * of a model's {@code tokenizer_config.json} for a canonical conversation, as transformers'
 * {@code apply_chat_template} does, on Jinjava configured with the Python-isms such templates use;
 * {@link dev.gantry.adapters.template.ChatTemplates} loads each file once, off the event loop, for
 * the adapters that name one in a deployment option.
 */
package dev.gantry.adapters.template;
