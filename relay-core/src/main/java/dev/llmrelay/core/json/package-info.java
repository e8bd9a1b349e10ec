/** JSON plumbing shared by the engine's parts: factories whose buffers suit a virtual thread per request. */
package dev.llmrelay.core.json;
