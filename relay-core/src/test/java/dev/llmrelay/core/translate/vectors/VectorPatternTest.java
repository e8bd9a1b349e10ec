package dev.llmrelay.core.translate.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The vectors' matching rules, as vectors/README.md states them. */
class VectorPatternTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static Optional<String> match(String pattern, String actual) {
        return new VectorPattern().mismatch(json(pattern), json(actual));
    }

    @Test
    void anObjectMatchesWhenItHoldsEveryKeyOfThePatternWhateverElseItHolds() {
        assertThat(match("{'a': 1}", "{'a': 1, 'b': 2}")).isEmpty();
        assertThat(match("{'a': 1, 'c': 3}", "{'a': 1, 'b': 2}")).hasValueSatisfying(why -> assertThat(why).contains("$.c"));
    }

    @Test
    void absentMeansTheKeyIsNotThereAndANullDoesNotCountAsAbsent() {
        assertThat(match("{'a': '<absent>'}", "{'b': 1}")).isEmpty();
        assertThat(match("{'a': '<absent>'}", "{'a': null}")).isPresent();
    }

    @Test
    void anyTakesEveryValueButNull() {
        assertThat(match("{'a': '<any>'}", "{'a': [1]}")).isEmpty();
        assertThat(match("{'a': '<any>'}", "{'a': null}")).isPresent();
        assertThat(match("{'a': '<any>'}", "{}")).isPresent();
    }

    @Test
    void aNameBindsOneValueAcrossEveryMatchOfTheVectorAndTwoNamesNeverBindTheSameValue() {
        VectorPattern vector = new VectorPattern();

        assertThat(vector.mismatch(json("{'id': '<$id>', 'created': '<$t>'}"), json("{'id': 'x', 'created': 5}"))).isEmpty();
        assertThat(vector.mismatch(json("{'id': '<$id>'}"), json("{'id': 'x'}"))).isEmpty();
        assertThat(vector.copy().mismatch(json("{'id': '<$id>'}"), json("{'id': 'y'}"))).isPresent();
        assertThat(vector.copy().mismatch(json("{'other': '<$other>'}"), json("{'other': 'x'}"))).isPresent();
        assertThat(vector.copy().mismatch(json("{'t': '<$t>'}"), json("{'t': 5.0}"))).as("numbers by value").isEmpty();
    }

    @Test
    void aCopyKeepsEarlierBindingsButNotLaterOnes() {
        VectorPattern vector = new VectorPattern();
        vector.mismatch(json("'<$a>'"), json("1"));
        VectorPattern copy = vector.copy();
        copy.mismatch(json("'<$b>'"), json("2"));

        assertThat(vector.bindings()).containsOnlyKeys("a");
        assertThat(copy.bindings()).containsOnlyKeys("a", "b");
    }

    @Test
    void jsonTextMatchesTheParsedStringWhateverItsKeyOrderAndSpacing() {
        assertThat(match("{'arguments': {'$json': {'city': 'Paris', 'n': 1}}}",
                "{'arguments': '{ \\'n\\': 1.0,  \\'city\\': \\'Paris\\' }'}")).isEmpty();
        assertThat(match("{'arguments': {'$json': {'city': 'Paris'}}}", "{'arguments': '{\\'city\\': '}")).isPresent();
        assertThat(match("{'arguments': {'$json': {}}}", "{'arguments': {}}")).as("not a string").isPresent();
    }

    @Test
    void arraysMatchByLengthAndElementByElementInOrder() {
        assertThat(match("[{'a': 1}, 2]", "[{'a': 1, 'b': 0}, 2]")).isEmpty();
        assertThat(match("[1, 2]", "[2, 1]")).isPresent();
        assertThat(match("[1]", "[1, 2]")).isPresent();
    }

    @Test
    void numbersCompareByValueAndEverythingElseExactly() {
        assertThat(match("1", "1.0")).isEmpty();
        assertThat(match("1", "'1'")).isPresent();
        assertThat(match("'a'", "'A'")).isPresent();
        assertThat(match("null", "null")).isEmpty();
        assertThat(match("false", "0")).isPresent();
    }

    @Test
    void assertMatchesNamesWhatDiffers() {
        assertThatThrownBy(() -> new VectorPattern().assertMatches("the answer", json("{'a': {'b': 1}}"), json("{'a': {'b': 2}}")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the answer")
                .hasMessageContaining("$.a.b");
    }
}
