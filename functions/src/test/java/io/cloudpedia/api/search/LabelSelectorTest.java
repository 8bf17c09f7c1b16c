package io.cloudpedia.api.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudpedia.api.status.ApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelSelectorTest {

  @Test
  void parsesEveryOperatorIntoRequirements() {
    LabelSelector s =
        LabelSelector.parse("a=1,b==2,c!=3,d in (x,y),e notin (z),f,!g,h>5,i<-2,example.com/j=k");
    assertThat(s.requirements())
        .containsExactly(
            new Requirement("a", Operator.EQUALS, List.of("1")),
            new Requirement("b", Operator.EQUALS, List.of("2")),
            new Requirement("c", Operator.NOT_EQUALS, List.of("3")),
            new Requirement("d", Operator.IN, List.of("x", "y")),
            new Requirement("e", Operator.NOT_IN, List.of("z")),
            new Requirement("f", Operator.EXISTS, List.of()),
            new Requirement("g", Operator.DOES_NOT_EXIST, List.of()),
            new Requirement("h", Operator.GREATER_THAN, List.of("5")),
            new Requirement("i", Operator.LESS_THAN, List.of("-2")),
            new Requirement("example.com/j", Operator.EQUALS, List.of("k")));
  }

  @Test
  void setValuesKeepWrittenOrderWithoutDuplicates() {
    assertThat(LabelSelector.parse("k in (b,a,b)").requirements().get(0).values()).containsExactly("b", "a");
  }

  @ParameterizedTest(name = "[{index}] \"{0}\" renders as \"{1}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|''",
        "'   '|''",
        "a==1|a=1",
        "' a = 1 , b != 2 '|a=1,b!=2",
        "b=1,a=2|a=2,b=1",
        "k in (b, a)|k in (a,b)",
        "k notin(a)|k notin (a)",
        "' ! k '|!k",
        "k|k",
        "k=|k=",
        "k in ()|k in ()",
        "app.kubernetes.io/name=web|app.kubernetes.io/name=web",
        "r > 3|r>3",
        "search.clusterpedia.io/clusters in (c2,c1)|search.clusterpedia.io/clusters in (c1,c2)",
      })
  void rendersCanonicalSelectorThatParsesBackToTheSame(String input, String canonical) {
    LabelSelector s = LabelSelector.parse(input);
    assertThat(s.toString()).isEqualTo(canonical);
    assertThat(LabelSelector.parse(s.toString()).toString()).isEqualTo(canonical);
  }

  @ParameterizedTest(name = "[{index}] {0} on {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "app=web|app=web|true",
        "app=web|app=db|false",
        "app=web|''|false",
        "app!=web|app=db|true",
        "app!=web|app=web|false",
        "app!=web|''|true",
        "app in (web,db)|app=db|true",
        "app in (web,db)|app=x|false",
        "app in (web,db)|''|false",
        "app notin (web,db)|app=x|true",
        "app notin (web,db)|app=db|false",
        "app notin (web,db)|''|true",
        "app|app=|true",
        "app|''|false",
        "!app|''|true",
        "!app|app=web|false",
        "app=|app=|true",
        "r>2|r=3|true",
        "r>2|r=2|false",
        "r>2|r=x|false",
        "r>2|''|false",
        "r<2|r=-1|true",
        "app=web,tier=fe|app=web;tier=fe|true",
        "app=web,tier=fe|app=web;tier=be|false",
        "''|app=web|true",
      })
  void matchesWithKubernetesSemantics(String selector, String labels, boolean expected) {
    assertThat(LabelSelector.parse(selector).matches(labels(labels))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "a=1,|expected a label key but found end of input at position 4",
        ",a|expected a label key but found ',' at position 0",
        "a b|expected an operator (=, ==, !=, in, notin, >, <) but found 'b' at position 2",
        "a=1 b|expected ',' or end of input but found 'b' at position 4",
        "a in b|expected '(' but found 'b' at position 5",
        "a in (b|expected ',' or ')' in a value list but found end of input at position 7",
        "a in (b c)|expected ',' or ')' in a value list but found 'c' at position 8",
        "a=(|expected a label value but found '(' at position 2",
        "a>b|expected an integer but found 'b' at position 2",
        "!=a|expected a label key but found '!=' at position 0",
        "-a=1|invalid label key '-a': name part must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character at position 0",
        "Ex.com/a=1|invalid label key 'Ex.com/a': prefix part must be a lowercase DNS subdomain (e.g. 'example.com')"
            + " at position 0",
        "/a=1|invalid label key '/a': prefix part must be non-empty at position 0",
        "a/=1|invalid label key 'a/': name part must be non-empty at position 0",
        "a/b/c=1|invalid label key 'a/b/c': a qualified name must consist of an optional DNS prefix, one '/', "
            + "and a name at position 0",
        "a=b:c|invalid label value 'b:c': a label value must be empty or consist of alphanumeric characters, "
            + "'-', '_' or '.', and must start and end with an alphanumeric character at position 2",
      })
  void rejectsMalformedSelectorsWithProblemAndPosition(String input, String problem) {
    assertThatThrownBy(() -> LabelSelector.parse(input))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(400);
              assertThat(e.reason()).isEqualTo("BadRequest");
              assertThat(e.getMessage())
                  .isEqualTo("unable to parse label selector \"" + input + "\": " + problem);
            });
  }

  @Test
  void rejectsOverlongKeysAndValues() {
    String n64 = "a".repeat(64);
    assertThatThrownBy(() -> LabelSelector.parse(n64))
        .hasMessageContaining("name part must be no more than 63 characters");
    assertThatThrownBy(() -> LabelSelector.parse("k=" + n64))
        .hasMessageContaining("a label value must be no more than 63 characters");
    assertThatThrownBy(() -> LabelSelector.parse("a".repeat(254) + "/k"))
        .hasMessageContaining("prefix part must be no more than 253 characters");
    assertThat(LabelSelector.parse("k=" + "a".repeat(63)).requirements()).hasSize(1);
  }

  private static Map<String, String> labels(String spec) {
    if (spec.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new java.util.HashMap<>();
    for (String kv : spec.split(";")) {
      String[] p = kv.split("=", -1);
      out.put(p[0], p[1]);
    }
    return out;
  }
}
