package io.cloudpedia.api.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTest {

  @Test
  void badRequestRendersAsKubernetesStatusWithoutDetails() {
    assertThat(ApiException.badRequest("Invalid Query, Since is after Before").toStatus().toJson())
        .isEqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"Invalid Query, Since is after Before\",\"reason\":\"BadRequest\",\"code\":400}");
  }

  @Test
  void notFoundInCoreGroupNamesResourceAndCarriesNameAndKind() {
    assertThat(ApiException.notFound("", "pods", "web").toStatus().toJson())
        .isEqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"pods \\\"web\\\" not found\",\"reason\":\"NotFound\","
                + "\"details\":{\"name\":\"web\",\"kind\":\"pods\"},\"code\":404}");
  }

  @Test
  void notFoundInNamedGroupQualifiesResourceWithGroup() {
    ApiException e = ApiException.notFound("apps", "deployments", "web");
    assertThat(e.getMessage()).isEqualTo("deployments.apps \"web\" not found");
    assertThat(e.toStatus().toJson())
        .isEqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"deployments.apps \\\"web\\\" not found\",\"reason\":\"NotFound\","
                + "\"details\":{\"name\":\"web\",\"group\":\"apps\",\"kind\":\"deployments\"},\"code\":404}");
  }

  @Test
  void methodNotAllowedIs405() {
    assertThat(ApiException.methodNotAllowed("watch is not supported").toStatus().toJson())
        .isEqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"watch is not supported\",\"reason\":\"MethodNotAllowed\",\"code\":405}");
  }

  @Test
  void expiredIs410WithReasonExpired() {
    assertThat(ApiException.expired("the continue token has expired").toStatus().toJson())
        .isEqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"the continue token has expired\",\"reason\":\"Expired\",\"code\":410}");
  }

  @Test
  void invalidWithOneCauseIsWordedLikeKubernetesAndListsTheCause() {
    ApiException e =
        ApiException.invalid(
            "internalstorage.clusterpedia.io",
            "fieldSelector",
            "spec.containers[].name",
            List.of(StatusCause.invalidField("spec.containers[]", "Storage<internal>: Not Support list field")));
    assertThat(e.toStatus().toJson())
        .isEqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"fieldSelector.internalstorage.clusterpedia.io \\\"spec.containers[].name\\\" is invalid: "
                + "spec.containers[]: Storage<internal>: Not Support list field\",\"reason\":\"Invalid\","
                + "\"details\":{\"name\":\"spec.containers[].name\",\"group\":\"internalstorage.clusterpedia.io\","
                + "\"kind\":\"fieldSelector\",\"causes\":[{\"reason\":\"FieldValueInvalid\","
                + "\"message\":\"Storage<internal>: Not Support list field\",\"field\":\"spec.containers[]\"}]},"
                + "\"code\":422}");
  }

  @Test
  void invalidWithSeveralCausesBracketsThemInTheMessage() {
    ApiException e =
        ApiException.invalid(
            "",
            "Query",
            "q",
            List.of(StatusCause.invalidField("a", "bad"), new StatusCause("FieldValueRequired", "missing", "")));
    assertThat(e.code()).isEqualTo(422);
    assertThat(e.reason()).isEqualTo("Invalid");
    assertThat(e.getMessage()).isEqualTo("Query \"q\" is invalid: [a: bad, missing]");
  }

  @Test
  void internalNamesTheRequestIdAndNothingElse() {
    ApiException e = ApiException.internal("req-123");
    assertThat(e.toStatus().toJson())
        .isEqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"Internal error occurred: see the server logs for request id req-123\","
                + "\"reason\":\"InternalError\",\"code\":500}");
    assertThat(e.getStackTrace()).isEmpty();
  }
}
