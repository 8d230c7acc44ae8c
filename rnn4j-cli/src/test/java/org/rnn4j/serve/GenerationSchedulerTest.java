package org.rnn4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.text.LanguageModel;
import org.rnn4j.text.Sampler;

class GenerationSchedulerTest {
    private static LanguageModel model() {
        return LanguageModel.load(ServeFixture.models().resolve("lm.safetensors"));
    }

    @Test
    void aFullQueueRefusesAGenerationBeforeItsAnswerBegins() {
        try (Admission admission = new Admission(1, 0);
             GenerationScheduler scheduler = new GenerationScheduler("lm", model(), 4, admission, rows -> { })) {
            GenerationScheduler.Ticket first = scheduler.admit(); // one place: the free thread's

            assertThatThrownBy(scheduler::admit).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.status()).isEqualTo(429));
            first.close();
            scheduler.admit().close();
            assertThat(admission.waiting()).isZero();
        }
    }

    @Test
    void aGenerationThroughTheSchedulerIsTheModelsOwnAndGivesItsPlaceBack() {
        LanguageModel model = model();
        Sampler sampler = new Sampler(0.8, 0, 1.0);
        StringBuilder scheduled = new StringBuilder();
        try (Admission admission = new Admission(1, 4);
             GenerationScheduler scheduler = new GenerationScheduler("lm", model, 4, admission, rows -> { })) {
            try (GenerationScheduler.Ticket ticket = scheduler.admit()) {
                scheduler.generate(ticket, "It is", 40, sampler, 5, scheduled::append, () -> { });
            }
            assertThat(admission.waiting()).isZero();
            assertThat(admission.running()).isZero();
        }

        assertThat(scheduled.toString()).isEqualTo(model.generate("It is", 40, sampler, new SplittableRandom(5),
                piece -> { }));
    }
}
