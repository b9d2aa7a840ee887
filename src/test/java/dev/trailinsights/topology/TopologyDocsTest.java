package dev.trailinsights.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.TopologyException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code topology-docs/} is what the code generates, and every name in the topology is ours. */
class TopologyDocsTest {

  @Test
  void shouldMatchTheCheckedInDocumentation() throws IOException {
    Map<String, String> generated = TopologyDocs.render();

    assertThat(generated)
        .containsOnlyKeys(TopologyDocs.TEXT, TopologyDocs.MERMAID, TopologyDocs.README);
    for (Map.Entry<String, String> f : generated.entrySet()) {
      Path file = TopologyDocs.DIRECTORY.resolve(f.getKey());
      String stale =
          file
              + " is missing or stale; regenerate it from the project directory with: "
              + TopologyDocs.REGENERATE;
      assertThat(file).as(stale).isRegularFile();
      assertThat(Files.readString(file, StandardCharsets.UTF_8)).as(stale).isEqualTo(f.getValue());
    }
  }

  @Test
  void shouldNameEveryProcessorTopicAndStoreExplicitly() {
    String described = TopologyDocs.describe().toString();

    assertThat(described)
        .doesNotContain("KSTREAM-")
        .doesNotContain("KTABLE-")
        .contains(Names.DETECTOR, Names.API_STATE_STORE, Names.REPARTITION + "-repartition");
  }

  @Test
  void shouldRefuseGeneratedNamesWhenBuilding() {
    StreamsBuilder builder = InsightsTopology.namingBuilder();
    builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
        .repartition(Repartitioned.with(Serdes.String(), Serdes.String()))
        .to("out", Produced.with(Serdes.String(), Serdes.String()));

    assertThatThrownBy(builder::build)
        .isInstanceOf(TopologyException.class)
        .hasMessageContaining("repartition topic(s) has not been named");
  }

  @Test
  void shouldDrawEveryTopicStoreAndProcessor() {
    String mermaid = TopologyDocs.render().get(TopologyDocs.MERMAID);

    assertThat(mermaid)
        .startsWith("flowchart LR\n")
        .contains("subgraph sub0", "subgraph sub1")
        .contains("[/\"" + TopologyOptions.DEFAULT_INPUT + "\"/]")
        .contains("[/\"" + TopologyOptions.DEFAULT_OUTPUT + "\"/]")
        .contains("[/\"" + TopologyOptions.DEFAULT_DEAD_LETTER + "\"/]")
        .contains("[(\"" + Names.SEEN_IDS_STORE + "\")]")
        .contains("n_detector -.- s_api_state")
        .contains("t_events_by_api_repartition --> n_events_by_api_repartition_source");
    assertThat(TopologyDocs.render().get(TopologyDocs.README))
        .contains("```mermaid\n" + mermaid + "```")
        .contains("`<application.id>-" + Names.SEEN_IDS_STORE + "-changelog`")
        .contains(TopologyDocs.REGENERATE);
  }

  @Test
  void shouldWriteTheFilesItRenders(@TempDir Path dir) throws IOException {
    TopologyDocs.write(dir.resolve("docs"));

    for (Map.Entry<String, String> f : TopologyDocs.render().entrySet()) {
      assertThat(dir.resolve("docs").resolve(f.getKey())).hasContent(f.getValue());
    }
  }
}
