package io.cloudpedia.api.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.api.status.ApiException;
import io.cloudpedia.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldSelectorTest {

  private static final JsonNode POD =
      json(
          "{'kind':'Pod','metadata':{'name':'web-1','namespace':'prod',"
              + "'annotations':{'a.b/c':'x','team':'core'},'labels':{'app':'web'}},"
              + "'spec':{'restartPolicy':'Always','priority':3,'enableServiceLinks':true},"
              + "'status':{'phase':'Pending','podIPs':[{'ip':'10.0.0.1'},{'ip':'fd00::1'}]}}");

  @Test
  void parsesTermsIntoPathsOperatorsAndValues() {
    FieldSelector s = FieldSelector.parse("metadata.name=a,.status.phase==Running,metadata.annotations['a.b/c']!=x");
    assertThat(s.requirements())
        .containsExactly(
            new FieldRequirement(List.of("metadata", "name"), Operator.EQUALS, "a"),
            new FieldRequirement(List.of("status", "phase"), Operator.EQUALS, "Running"),
            new FieldRequirement(List.of("metadata", "annotations", "a.b/c"), Operator.NOT_EQUALS, "x"));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\" renders as \"{1}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|''",
        "metadata.name==a|metadata.name=a",
        "' metadata.name = a '|metadata.name=a",
        ".status.phase!=Running|status.phase!=Running",
        "metadata.annotations.'a.b/c'=x|metadata.annotations['a.b/c']=x",
        "metadata.annotations.\"a.b/c\"=x|metadata.annotations['a.b/c']=x",
        "metadata.annotations[\"a.b/c\"]=x|metadata.annotations['a.b/c']=x",
        "metadata.annotations['team']=x|metadata.annotations.team=x",
        "spec.nodeName=|spec.nodeName=",
        "a=x\\,y\\=z\\\\|a=x\\,y\\=z\\\\",
      })
  void rendersCanonicalSelectorThatParsesBackToTheSame(String input, String canonical) {
    FieldSelector s = FieldSelector.parse(input);
    assertThat(s.toString()).isEqualTo(canonical);
    assertThat(FieldSelector.parse(canonical)).isEqualTo(s);
  }

  @Test
  void escapedCommaAndEqualsArePartOfTheValue() {
    assertThat(FieldSelector.parse("a=x\\,y\\=z\\\\").requirements().get(0).value()).isEqualTo("x,y=z\\");
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "metadata.name=web-1|true",
        "metadata.name=web-2|false",
        "metadata.name!=web-2|true",
        "metadata.namespace=prod|true",
        "metadata.namespace==prod,metadata.name=web-1|true",
        "metadata.namespace==prod,metadata.name=web-2|false",
        "status.phase=Pending|true",
        "metadata.annotations['a.b/c']=x|true",
        "metadata.annotations.'a.b/c'!=x|false",
        "metadata.labels.app=web|true",
        "spec.priority=3|true",
        "spec.priority=03|false",
        "spec.enableServiceLinks=true|true",
        "spec.missing=x|false",
        "spec.missing!=x|true",
        "spec=x|false",
        "spec!=x|true",
        "spec.nodeName=|true",
        "spec.nodeName!=|false",
        "spec.hostNetwork=false|true",
        "spec.restartPolicy=Always|true",
        "status.podIP=|true",
        "status.podIPs=fd00::1|true",
        "status.podIPs=10.0.0.1|true",
        "status.podIPs!=10.0.0.2|true",
        "status.podIPs!=10.0.0.1|false",
      })
  void matchesPodTextually(String selector, boolean expected) {
    assertThat(FieldSelector.parse(selector).matches(POD)).isEqualTo(expected);
  }

  @Test
  void emptySelectorMatchesEverything() {
    assertThat(FieldSelector.parse("").matches(POD)).isTrue();
    assertThat(FieldSelector.everything().matches(json("{}"))).isTrue();
  }

  @Test
  void absentPathWithoutKubernetesMeaningHasNoValue() {
    JsonNode cm = json("{'kind':'ConfigMap','metadata':{'name':'c'}}");
    assertThat(FieldSelector.parse("spec.nodeName=").matches(cm)).isFalse();
    assertThat(FieldSelector.parse("spec.nodeName!=").matches(cm)).isTrue();
    assertThat(FieldSelector.parse("metadata.namespace=").matches(cm)).isTrue();
  }

  @ParameterizedTest(name = "[{index}] {0}: {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{'kind':'Event','involvedObject':{'kind':'Pod','name':'p'},'source':{'component':'kubelet'}}"
            + "|involvedObject.kind=Pod,involvedObject.name=p,source=kubelet,involvedObject.uid=|true",
        "{'kind':'Event','involvedObject':{'kind':'Pod'}}|reason=,type=,reportingComponent=|true",
        "{'kind':'Secret'}|type=|true",
        "{'kind':'Secret','type':'Opaque'}|type=Opaque|true",
        "{'kind':'Namespace','status':{'phase':'Active'}}|status.phase=Active|true",
        "{'kind':'ReplicaSet','status':{}}|status.replicas=0|true",
        "{'kind':'ReplicationController','status':{'replicas':2}}|status.replicas=2|true",
        "{'kind':'Job','status':{'succeeded':1}}|status.successful=1|true",
        "{'kind':'Job','status':{}}|status.successful=0|true",
        "{'kind':'Node','spec':{}}|spec.unschedulable=false|true",
        "{'kind':'Node','spec':{'unschedulable':true}}|spec.unschedulable=true|true",
        "{'kind':'CertificateSigningRequest','spec':{'signerName':'k/s'}}|spec.signerName=k/s|true",
        "{'kind':'Pod','spec':{'hostNetwork':true}}|spec.hostNetwork=false|false",
      })
  void perKindKubernetesFieldsKeepTheirKubernetesMeaning(String object, String selector, boolean expected) {
    assertThat(FieldSelector.parse(selector).matches(json(object))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "metadata.name|expected '=', '==' or '!=' in 'metadata.name' at position 0",
        "a=1,|empty term at position 4",
        "a=1,,b=2|empty term at position 4",
        "=x|missing field name at position 0",
        "spec.containers[].name=x|list fields are not supported: 'spec.containers[].name' at position 15",
        "spec.containers[0].name=x|list fields are not supported: 'spec.containers[0].name' at position 15",
        "a..b=x|empty segment in field 'a..b' at position 2",
        "a.=x|empty segment in field 'a.' at position 2",
        "a.'b=x|expected '=', '==' or '!=' in 'a.'b=x' at position 0",
        "a['b.c'=x|unterminated bracketed segment in field 'a['b.c'' at position 1",
        "a'b'=x|expected '.' or '[' in field 'a'b'' at position 1",
        "a.-b=x|invalid segment '-b' in field 'a.-b': name part must consist of alphanumeric characters, '-', '_' "
            + "or '.', and must start and end with an alphanumeric character at position 4",
        "a=x\\y|invalid escape sequence in value 'x\\y' at position 2",
        "a===x|unescaped '=' in value '=x' at position 3",
      })
  void rejectsMalformedSelectorsWithProblemAndPosition(String input, String problem) {
    assertThatThrownBy(() -> FieldSelector.parse(input))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(400);
              assertThat(e.getMessage()).isEqualTo("unable to parse field selector \"" + input + "\": " + problem);
            });
  }

  private static JsonNode json(String singleQuoted) {
    try {
      return Json.mapper().readTree(singleQuoted.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
