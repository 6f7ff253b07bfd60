package io.qcommerce.oms.examples.springboot.security;

import io.qcommerce.oms.examples.springboot.config.ServiceProperties;
import io.qcommerce.oms.examples.springboot.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP Basic over the accounts of {@code oms.security.users}; no sessions, no cookies (so no CSRF to
 * defend). Everything but the health probe needs a login; the actuator's other endpoints need an admin.
 * Finer rules (whose order, which store) are checked per request by {@link Access}. A missing or wrong login
 * is a 401 problem document, a refused one a 403 problem document, like every other error of the service.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    public ConfiguredUsers configuredUsers(ServiceProperties properties) {
        return new ConfiguredUsers(properties.users());
    }

    /** Understands {@code {bcrypt}}, {@code {noop}} and Spring Security's other prefixes. */
    @Bean
    public PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    public SecurityFilterChain api(HttpSecurity http, JsonMapper json) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.realmName("oms")
                        .authenticationEntryPoint((request, response, e) -> unauthorized(json, request, response)))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(
                                (request, response, e) -> unauthorized(json, request, response))
                        .accessDeniedHandler((request, response, e) -> write(
                                json,
                                request,
                                response,
                                HttpStatus.FORBIDDEN,
                                "FORBIDDEN",
                                "not allowed for this user")))
                .authorizeHttpRequests(rules -> rules.requestMatchers("/error")
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .hasRole(Role.ADMIN.name())
                        .anyRequest()
                        .authenticated());
        return http.build();
    }

    private static void unauthorized(JsonMapper json, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Basic realm=\"oms\"");
        write(
                json,
                request,
                response,
                HttpStatus.UNAUTHORIZED,
                "UNAUTHENTICATED",
                "log in with HTTP Basic: a user of oms.security.users");
    }

    private static void write(
            JsonMapper json,
            HttpServletRequest request,
            HttpServletResponse response,
            HttpStatus status,
            String code,
            String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(
                response.getOutputStream(), Problems.asMap(Problems.of(status, code, detail, request.getRequestURI())));
    }
}
