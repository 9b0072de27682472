package org.kafkamesos.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.zookeeper.common.PathUtils;
import org.junit.jupiter.api.Test;

class ZooKeeperKeysTest {

    @Test
    void nodeName_flattensTheKeyIntoOneValidNodeName_andKeyReadsItBack() {
        for (String key : List.of("/framework-id", "/brokers/3", "/brokers/10/config", "/a.b/-_/...", "/x")) {
            String name = ZooKeeperKeys.nodeName(key);

            assertThat(name).as(key).doesNotContain("/");
            PathUtils.validatePath("/data/" + name);
            assertThat(ZooKeeperKeys.key(name)).as(name).contains(key);
        }
        assertThat(ZooKeeperKeys.nodeName("/brokers/3")).isEqualTo("brokers%2F3");
    }

    @Test
    void key_ofANodeNameTheEncodingNeverProduces_isEmpty() {
        for (String name : List.of("", "a%2F", "%2Fa", "a%2F%2Fb", "a%2F..", "with space", "50%", "a%2f b")) {
            assertThat(ZooKeeperKeys.key(name)).as(name).isEmpty();
        }
    }

    @Test
    void nodeName_ofAnInvalidKey_isRefused() {
        assertThatThrownBy(() -> ZooKeeperKeys.nodeName("/a/../b")).isInstanceOf(IllegalArgumentException.class);
    }
}
