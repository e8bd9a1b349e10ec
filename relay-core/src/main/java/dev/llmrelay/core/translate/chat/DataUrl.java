package dev.llmrelay.core.translate.chat;

import java.util.Optional;

/** A base64 {@code data:} URL, as Chat carries images and files inline: {@code data:<media type>;base64,<data>}. */
record DataUrl(String mediaType, String base64) {

    /** The media type and data of {@code url}, if it is a base64 data URL. */
    static Optional<DataUrl> parse(String url) {
        if (!url.startsWith("data:")) {
            return Optional.empty();
        }
        int comma = url.indexOf(',');
        if (comma < 0) {
            return Optional.empty();
        }
        String header = url.substring("data:".length(), comma);
        if (!header.endsWith(";base64")) {
            return Optional.empty();
        }
        String mediaType = header.substring(0, header.length() - ";base64".length());
        int parameters = mediaType.indexOf(';');
        if (parameters >= 0) {
            mediaType = mediaType.substring(0, parameters);
        }
        return mediaType.isEmpty() ? Optional.empty() : Optional.of(new DataUrl(mediaType, url.substring(comma + 1)));
    }

    /** This image or file as a data URL again. */
    String toUrl() {
        return "data:" + mediaType + ";base64," + base64;
    }
}
