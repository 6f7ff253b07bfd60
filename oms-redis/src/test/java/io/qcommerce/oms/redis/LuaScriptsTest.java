package io.qcommerce.oms.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LuaScriptsTest {
    @Test
    void theLibraryIsCutIntoItsTopLevelDefinitionsEachWithItsNames() {
        String library = LuaScripts.source("lib");
        List<LuaScripts.Part> parts = LuaScripts.parts(library);

        Set<String> defined = new HashSet<>();
        parts.forEach(p -> defined.addAll(p.defines()));
        for (String line : library.split("\n")) {
            if (line.startsWith("local function ")) {
                String name = line.substring("local function ".length(), line.indexOf('('));
                assertThat(defined).as("defined by some part").contains(name);
            }
        }
        assertThat(String.join("", parts.stream().map(LuaScripts.Part::text).toList())
                        .strip())
                .as("nothing of the library lost or reordered")
                .isEqualTo(library.strip());
    }

    @Test
    void aScriptCarriesOnlyTheLibraryItUses() {
        String find = LuaScripts.FIND.body();

        assertThat(find)
                .as("what find uses, directly or through other functions")
                .contains("local function read_hold(", "local function run(", "local function expire_hold(")
                .as("what it never calls")
                .doesNotContain("local function insert_batch(", "local function sweep_all(", "local function reindex(");
        assertThat(LuaScripts.RESERVE.body())
                .contains("local function sweep_resources(")
                .doesNotContain("local function sweep_all(", "local function insert_batch(");
        assertThat(LuaScripts.APPLY.body()).contains("local function insert_batch(");
        assertThat(LuaScripts.ALL_LEVELS.body()).contains("local function sweep_all(");
    }
}
