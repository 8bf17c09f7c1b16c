package io.cloudpedia.registry.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.json.Json;
import org.junit.jupiter.api.Test;

class KubeconfigYamlTest {

  @Test
  void readsWhatKubectlWrites() throws Exception {
    JsonNode root = KubeconfigYaml.parse(TestPki.tokenKubeconfig("https://10.0.0.1:6443", "abc.def"));

    assertThat(root.get("current-context").asText()).isEqualTo("prod");
    assertThat(root.get("clusters")).hasSize(2);
    assertThat(root.get("clusters").get(0).get("cluster").get("server").asText()).isEqualTo("https://10.0.0.1:6443");
    assertThat(root.get("clusters").get(1).get("cluster").get("insecure-skip-tls-verify").asText()).isEqualTo("true");
    assertThat(root.get("contexts").get(1).get("context").get("namespace").asText()).isEqualTo("kube-system");
    assertThat(root.get("preferences").isObject()).isTrue();
    assertThat(root.get("users").get(0).get("user").get("token").asText()).isEqualTo("abc.def");
  }

  @Test
  void readsIndentedSequencesQuotesFlowMappingsAndComments() throws Exception {
    JsonNode root = KubeconfigYaml.parse(TestPki.certificateKubeconfig("https://127.0.0.1:40000"));

    assertThat(root.get("clusters").get(0).get("name").asText()).isEqualTo("kind-kind");
    assertThat(root.get("clusters").get(0).get("cluster").get("server").asText()).isEqualTo("https://127.0.0.1:40000");
    assertThat(root.get("contexts").get(0)).isEqualTo(json(
        "{\"name\": \"kind-kind\", \"context\": {\"cluster\": \"kind-kind\", \"user\": \"kind-kind\"}}"));
  }

  @Test
  void scalarsOfEveryStyle() throws Exception {
    JsonNode root = KubeconfigYaml.parse("""
        ---
        # a comment
        plain: some text # trailing comment
        hash: a#b
        url: https://a:6443/x
        double: "a \\"quoted\\" \\u00e9 \\x41 # not a comment"
        single: 'it''s # kept'
        empty:
        tilde: ~
        nothing: null
        colon: "a: b"
        "quoted key": 1
        list: [a, "b, c", 'd']
        nested: {a: [1, 2], b: {}}
        literal: |
          line 1
            indented
        
          line 3
        folded: >-
          one
          two
        
          three
        keep: |+
          x
        
        after: done
        ...
        """);

    assertThat(root).isEqualTo(json("""
        {"plain": "some text", "hash": "a#b", "url": "https://a:6443/x", "double": "a \\"quoted\\" é A # not a comment",
         "single": "it's # kept", "empty": null, "tilde": null, "nothing": null, "colon": "a: b", "quoted key": "1",
         "list": ["a", "b, c", "d"], "nested": {"a": ["1", "2"], "b": {}},
         "literal": "line 1\\n  indented\\n\\nline 3\\n", "folded": "one two\\nthree", "keep": "x\\n\\n",
         "after": "done"}
        """));
  }

  @Test
  void sequencesOfSequencesAndEmptyEntries() throws Exception {
    JsonNode root = KubeconfigYaml.parse("""
        a:
        - - x
          - y
        -
        - z
        b:
          - k: v
            l: w
          - m
        """);

    assertThat(root).isEqualTo(json("""
        {"a": [["x", "y"], null, "z"], "b": [{"k": "v", "l": "w"}, "m"]}
        """));
  }

  @Test
  void windowsLineEndingsAndAByteOrderMark() throws Exception {
    JsonNode root = KubeconfigYaml.parse("\uFEFFa: 1\r\nb:\r\n  c: 2\r\n");

    assertThat(root).isEqualTo(json("{\"a\": \"1\", \"b\": {\"c\": \"2\"}}"));
  }

  @Test
  void unsupportedYamlIsRefusedWithALineNumber() {
    assertRefused("a: &anchor x\nb: *anchor\n", "line 1: anchors, aliases and tags are not supported");
    assertRefused("a: !!binary eA==\n", "line 1: anchors, aliases and tags are not supported");
    assertRefused("a: 1\n---\nb: 2\n", "line 2: several YAML documents are not supported");
    assertRefused("a: one\n  two\n", "line 2: a plain scalar may not continue on the next line");
    assertRefused("a:\n\tb: 1\n", "line 2: tabs may not indent YAML");
    assertRefused("a: [x,\n  y]\n", "line 1: a flow sequence must close on the same line");
    assertRefused("a: 1\na: 2\n", "line 2: a key appears twice in one mapping");
    assertRefused("a: \"open\n", "line 1: a quoted scalar must close on the same line");
    assertRefused("", "line 1: the document is empty");
    assertRefused("a:\n  b: 1\n c: 2\n", "line 3: unexpected indentation");
  }

  @Test
  void errorMessagesNeverQuoteTheText() {
    String secret = "s3cr3t-token-value";
    for (String text : new String[] {
        "token: \"" + secret + "\n",
        "token: " + secret + "\n  " + secret + "\n",
        "token: [" + secret + "\n",
        "- " + secret + "\nkey: " + secret + "\n",
        "token: &" + secret + "\n",
        "token: \"\\q" + secret + "\"\n"}) {
      assertThatThrownBy(() -> KubeconfigYaml.parse(text))
          .isInstanceOf(KubeconfigException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
    }
  }

  private static void assertRefused(String text, String message) {
    assertThatThrownBy(() -> KubeconfigYaml.parse(text)).isInstanceOf(KubeconfigException.class).hasMessage(message);
  }

  private static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
