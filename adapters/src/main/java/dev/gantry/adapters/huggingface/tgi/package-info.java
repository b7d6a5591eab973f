/**
 * TGI's native text-generation API ({@code /generate}, {@code /generate_stream}, and the same
 * bodies on the compat route and SageMaker's {@code /invocations}): the pure translator
 * {@link dev.gantry.adapters.huggingface.tgi.TgiGenerate} (a chat request rendered through the
 * model's {@link dev.gantry.adapters.template.ChatTemplate}), the stream decoder and the error
 * mapping. No I/O: the Hugging Face and SageMaker adapters send what these build.
 */
package dev.gantry.adapters.huggingface.tgi;
