package dev.llmrelay.core.translate.chat;

import java.util.UUID;

/** Ids for answers whose upstream gave none to keep. */
final class Ids {
    private Ids() {
    }

    static String chatCompletion() {
        return "chatcmpl-" + random();
    }

    static String message() {
        return "msg_" + random();
    }

    private static String random() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
