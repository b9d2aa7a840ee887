package dev.trailinsights.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailinsights.insight.Attribution;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightState;
import dev.trailinsights.insight.InsightType;
import dev.trailinsights.insight.ValueAverage;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatEscapingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T = Instant.parse("2026-03-02T14:07:00Z");
  private static final String OWN_LINK =
      "<https://console.aws.amazon.com/cloudtrailv2/home?region=eu-west-1#/insights|Open in"
          + " CloudTrail>";

  @Test
  void shouldLeaveNoSlackControlCharacterFromEventText() throws IOException {
    JsonNode body = slack(Insights.hostile("e-1", T));
    List<String> texts = new ArrayList<>();
    texts.add(body.get("text").asText());
    for (JsonNode block : body.get("blocks")) {
      if (block.path("text").path("type").asText().equals("mrkdwn")) {
        texts.add(block.get("text").get("text").asText());
      }
      block.path("fields").forEach(f -> texts.add(f.get("text").asText()));
      block.path("elements").forEach(f -> texts.add(f.get("text").asText()));
    }
    for (String t : texts) {
      String withoutOwnLink = t.replace(OWN_LINK, "");
      assertThat(withoutOwnLink).doesNotContain("<", ">");
      assertThat(withoutOwnLink.replaceAll("&(amp|lt|gt);", "")).doesNotContain("&");
    }
    assertThat(String.join("\n", texts))
        .contains("`arn:aws:iam::1:user/&lt;https://evil.example|click me&gt;`")
        .contains("`&lt;!channel&gt; @here`")
        .contains("a&amp;b'c*d_[x](https://evil.example)");
  }

  @Test
  void shouldKeepSlackMessagesWithinBlockKitLimits() throws IOException {
    String longName = "Op" + "&".repeat(400);
    List<ValueAverage> many = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      many.add(new ValueAverage("arn:aws:iam::1:role/" + "<x>".repeat(700) + i, 1));
    }
    List<Attribution> attributions = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      attributions.add(new Attribution("attr" + i, many, List.of()));
    }
    InsightEvent e =
        new InsightEvent(
            T.toEpochMilli(),
            "eu-west-1",
            "e-2",
            Insights.ACCOUNT,
            Insights.SHARED,
            InsightState.START,
            "s3.amazonaws.com",
            longName,
            InsightType.API_CALL_RATE,
            null,
            1,
            2,
            1,
            10080,
            attributions,
            null);
    JsonNode body = slack(e);
    assertThat(body.get("blocks").size()).isLessThanOrEqualTo(50);
    assertThat(body.get("text").asText().length()).isLessThanOrEqualTo(3000);
    for (JsonNode block : body.get("blocks")) {
      if (block.get("type").asText().equals("header")) {
        assertThat(block.get("text").get("text").asText())
            .hasSizeLessThanOrEqualTo(150)
            .endsWith("…");
      }
      if (block.has("fields")) {
        assertThat(block.get("fields").size()).isLessThanOrEqualTo(10);
        block
            .get("fields")
            .forEach(f -> assertThat(f.get("text").asText()).hasSizeLessThanOrEqualTo(2000));
      }
      if (block.path("text").path("type").asText().equals("mrkdwn")) {
        String t = block.get("text").get("text").asText();
        assertThat(t).hasSizeLessThanOrEqualTo(3000).endsWith("…");
        assertThat(t.replaceAll("&(amp|lt|gt);", "")).doesNotContain("&");
      }
    }
  }

  @Test
  void shouldCutEscapedTextBeforeAnEntity() {
    assertThat(SlackFormat.cut("ab&amp;cd", 5)).isEqualTo("ab…");
    assertThat(SlackFormat.cut("abc&lt;", 7)).isEqualTo("abc&lt;");
    assertThat(SlackFormat.cut("abcdef", 4)).isEqualTo("abc…");
  }

  @Test
  void shouldEscapeTeamsMarkdown() {
    assertThat(TeamsFormat.escape("[click](https://evil.example) *b* _i_ `c` <b>"))
        .isEqualTo("\\[click\\]\\(https://evil.example\\) \\*b\\* \\_i\\_ \\`c\\` \\<b\\>");
    assertThat(TeamsFormat.escape("- item")).isEqualTo("\\- item");
    assertThat(TeamsFormat.escape("1. first")).isEqualTo("1\\. first");
    assertThat(TeamsFormat.escape("a\nb")).isEqualTo("a b");
  }

  private static JsonNode slack(InsightEvent e) throws IOException {
    DestinationSpec spec = Insights.spec("s", DestinationType.SLACK, "http://127.0.0.1:9/x");
    return JSON.readTree(MessageFormat.of(spec).format(e, new byte[0], T).body());
  }
}
