package io.cloudpedia.cli.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class ServerUrlTest {

    private static final String RESOURCES = "/apis/clusterpedia.io/v1beta1/resources";

    @Test
    void keepsPathPrefixAndDropsTrailingSlashes() {
        ServerUrl server = ServerUrl.parse("HTTPS://api.example.com:8443/prod//");

        assertThat(server.resources()).isEqualTo("https://api.example.com:8443/prod" + RESOURCES);
        assertThat(server.cluster("c1")).isEqualTo("https://api.example.com:8443/prod" + RESOURCES + "/clusters/c1");
        assertThat(server.pediaClusters()).hasToString(
                "https://api.example.com:8443/prod/apis/cluster.clusterpedia.io/v1alpha2/pediaclusters");
    }

    @Test
    void recognisesItsOwnPathWhateverTheSpellingOfTheDefaultPort() {
        ServerUrl server = ServerUrl.parse("https://api.example.com");

        assertThat(server.isUnder("https://API.example.com:443" + RESOURCES + "/")).isTrue();
        assertThat(server.memberOf("https://api.example.com" + RESOURCES + "/clusters/c1/proxy")).contains("c1");
        assertThat(server.memberOf("https://api.example.com" + RESOURCES)).isEmpty();
        assertThat(server.isUnder("https://api.example.com" + RESOURCES + "x")).isFalse();
        assertThat(server.isUnder("https://api.example.com:8443" + RESOURCES)).isFalse();
        assertThat(server.isUnder("http://api.example.com" + RESOURCES)).isFalse();
        assertThat(server.isUnder("https://other.example.com" + RESOURCES)).isFalse();
        assertThat(server.isUnder("not a url")).isFalse();
    }

    @Test
    void rejectsWhatIsNotAnHttpBaseUrl() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServerUrl.parse("api.example.com"));
        assertThatIllegalArgumentException().isThrownBy(() -> ServerUrl.parse("https://api.example.com/?x=1"));
        assertThatIllegalArgumentException().isThrownBy(() -> ServerUrl.parse("https://user@api.example.com"));
    }
}
