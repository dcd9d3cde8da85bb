# MNIST playground — svenska. Ordförrådet följer PyTorch-workshopens (../shared/GLOSSARY.md).

language-name = Svenska
language = Språk
app-title = MNIST-lekplats

## Header

backend-label = Beräkning:
backend-detecting = undersöker…
backend-use = Använd
backend-choice =
    .aria-label = Var modellen tränas (sidan laddas om)
backend-auto = den snabbaste (auto)
backend-webgpu = WebGPU
backend-cpu = CPU
backend-line-gpu = WebGPU — { $adapter }
backend-line-page = { $backend } (i sidans tråd)
backend-line-cpu-url = CPU — adressen ber om CPU (backend=cpu)
backend-line-cpu-chosen = CPU — vald framför { $reason }
backend-line-cpu-no-webgpu = CPU — webbläsaren saknar WebGPU ({ $reason })
backend-line-cpu-lost = CPU — grafikkortet försvann
backend-no-webgpu = inget WebGPU
backend-hardware = grafikkort
backend-probe-gpu = WebGPU i mjukvara; provkörning: WebGPU { $gpu } mot CPU { $cpu } exempel/s
backend-probe-cpu = WebGPU i mjukvara; provkörning: CPU { $cpu } mot WebGPU { $gpu } exempel/s
backend-probe-gpu-failed = provkörningen med WebGPU misslyckades ({ $error })
backend-probe-cpu-failed = provkörningen på CPU misslyckades ({ $error })
backend-no-navigator-gpu = navigator.gpu saknas: WebGPU är avstängt eller stöds inte här
backend-no-adapter = WebGPU erbjöd inget grafikkort
fault-kept = { $error }; de senaste fungerande vikterna behålls
fault-moved-gpu = { $error }. Träningen flyttades till ett nytt grafikkort och fortsätter från vikterna efter epok { $epoch }: tryck Fortsätt.
fault-moved-cpu = { $error }. Träningen flyttades till CPU:n och fortsätter från vikterna efter epok { $epoch }: tryck Fortsätt.
fault-stuck = { $error }; och den kunde inte fortsätta någon annanstans: { $reason }
status-starting = Startar…

## Lesson frame

lesson-result = Resultat:
lesson-try-next = Prova sedan
lesson-nav =
    .aria-label = Lektioner

## 1. Data

data-h = 1. Data
data-dataset = Dataset
data-embedded = MNIST, 10 000 siffror (inbyggda)
data-3v7 = MNIST, treor och sjuor (inbyggda)
data-mnist = MNIST, hela (från data/mnist/)
data-fashion = Fashion-MNIST (från data/fashion/)
data-digits = 8×8-siffror (scikit-learn, 1 797)
data-files-option = Dina filer
data-open-files = Eller öppna IDX-filer (.gz eller inte)
data-full-help = Hela MNIST: välj eller släpp de här fyra filerna var som helst i rutan:
data-progress =
    .aria-label = Data laddas
data-samples =
    .aria-label = Exempelsiffror med sina etiketter

## 2. Model

model-h = 2. Modell
model-kind = Sort
model-linear = Linjär (ett lager)
model-logistic = Logistisk (en enhet, 2 klasser)
model-mlp = MLP (gömda lager)
model-logistic-mlp = Logistiskt nät (gömda lager, en utgång, 2 klasser)
model-cnn = CNN (två faltningslager)
model-activation = Aktiveringsfunktion
activation-relu = ReLU
activation-sigmoid = sigmoid
activation-tanh = tanh
model-dropout = Dropout
model-loss = Loss (förlustfunktion)
loss-auto = modellens standard
loss-cross-entropy = korsentropi
loss-sigmoid = sigmoid (mnist_loss)
loss-bce = binär korsentropi
model-hidden-layers = Gömda lager (enheter)
model-add-layer = Lägg till lager
model-layer = Lager { $n }
model-remove-layer = Ta bort
    .aria-label = Ta bort gömt lager { $n }
model-convolutions = Faltningar (5×5, var och en följd av 2×2 max-pooling)
model-conv1 = Kanaler i faltning 1
model-conv2 = Kanaler i faltning 2
model-dense = Gömda enheter i tätt lager (0 = inget)
model-as-text = Modellen som text (adressens model-inställning)
model-summary =
    .aria-label = Sammanfattning av modellen
summary-layer = Lager
summary-shape = Utdatans form
summary-params = Parametrar
summary-input = Indata
summary-total = Parametrar totalt: { $count }
summary-loss = Loss: { $loss }
summary-error = Modellen går inte att bygga: { $error }

## 3. Training

train-h = 3. Träning
train-optimizer = Optimerare
optimizer-sgd = SGD
optimizer-momentum = SGD med momentum
optimizer-adam = Adam
optimizer-adamw = AdamW
train-lr = Inlärningstakt (lr)
train-batch = Batch
train-epochs = Epoker
train-seed = Slumpfrö
train-threads = Arbetare (CPU)
train-threads-input =
    .title = På CPU:n delar så här många arbetare (kärnor) på varje minibatch
workers-default-cores = Standard: { $count }. Den här enheten har { $cores ->
        [one] en kärna
       *[other] { $cores } kärnor
    }, och sidan behåller en för sig själv.
workers-default-most = Standard: { $count }, det högsta som går (den här enheten har { $cores } kärnor).
workers-default-memory = Standard: { $count }, så många som ryms i { $budget } MB (en åttondel av enhetens { $gb } GB minne): sidan, dessa data och så många arbetare behöver omkring { $need } MB, varje ytterligare arbetare omkring { $helper } MB.
workers-default-memory-unknown = Standard: { $count }, så många som ryms i { $budget } MB (webbläsaren anger inte hur mycket minne enheten har): sidan, dessa data och så många arbetare behöver omkring { $need } MB, varje ytterligare arbetare omkring { $helper } MB.
train-button = Träna
pause-button = Pausa
resume-button = Fortsätt
step-button = Ett steg
reset-button = Nollställ
carry-on-button = Fortsätt i en ny arbetare
train-progress =
    .aria-label = Epokens förlopp
train-epoch-log =
    .aria-label = Resultat per epok
chart-loss =
    .aria-label = Diagram över loss
chart-accuracy =
    .aria-label = Diagram över träffsäkerhet
chart-loss-caption = Loss:
chart-accuracy-caption = Träffsäkerhet:
chart-per-step = per steg (utjämnad)
chart-train-epoch = träningsdata, per epok
chart-val-epoch = testexempel, per epok
chart-train = träningsdata
chart-val = testexempel
chart-empty = Träna för att se kurvorna
axis-epoch = epok
axis-loss = loss
axis-accuracy = träffsäkerhet
axis-held-out-accuracy = träffsäkerhet på testexempel
axis-time = tid
axis-speed = fart
epochs-count = { $count ->
    [one] { $count } epok
   *[other] { $count } epoker
}
speed-line = epok { $epoch } av { $epochs }, steg { $step } av { $steps } · loss { $loss } · { $rate } exempel/s{ $workers ->
    [1] {""}
   *[other] {" "}med { $workers } arbetare
}{ $idle ->
    [0] {""}
    [one] {" "}(en hjälparbetare väntar: enligt mätningen går den här modellens steg snabbare utan hjälp)
   *[other] {" "}({ $idle } hjälparbetare väntar: enligt mätningen går den här modellens steg snabbare utan hjälp)
} · lr { $lr }
epoch-line = epok { $epoch }: loss på träningsdata { $loss }, träffsäkerhet { $accuracy }{ $val ->
    [yes] ; loss på testexempel { $val_loss }, träffsäkerhet { $val_accuracy }
   *[no] {""}
} ({ $seconds } s)

## Status and notices

status-training = Tränar…
status-paused = Pausad. Tryck Fortsätt för att gå vidare, eller Ett steg.
status-stepped = Ett steg taget. Ta ett till, eller Fortsätt för att träna vidare.
status-reset = Nollställt: modellen och diagrammen är tömda. Tryck Träna för en ny körning.
status-choosing = Väljer var modellen tränas (WebGPU i mjukvara mäts mot CPU:n)…
status-ready = Klar på { $backend }. Tryck Träna.
status-done = Klart: { $correct } av { $total } testsiffror rätt ({ $percent } %). Rita en siffra på ritytan för att pröva modellen.
status-diverged = Loss divergerade i epok { $epoch }, steg { $step }: { $message } De senaste fungerande vikterna behölls.
status-new-worker-carries-on = En ny arbetare fortsätter från de senaste vikterna, i epok { $epoch }.
status-new-worker-ready = En ny arbetare är redo. Tryck Träna för en ny körning.
busy-starting = sidan startar fortfarande: försök igen om en stund
busy-evaluating = testsiffrorna utvärderas just nu: försök igen om en stund
busy-training = pausa eller nollställ träningen innan du byter data eller modell
notice-url = Några inställningar i adressen användes inte: { $problems }
notice-helper-lost = En hjälparbetare stannade ({ $why }): träningen fortsätter med { $left ->
    [one] { $left } arbetare
   *[other] { $left } arbetare
}.
notice-page-thread = Träningen körs i sidans egen tråd: { $why }. Sidan kan hacka medan en modell tränas.
worker-unavailable = webbläsaren kunde inte starta en Web Worker ({ $error })
worker-off-by-url = adressen ber om det (worker=0)
worker-lost = Träningsarbetaren stannade: { $why }.
worker-lost-kept-weights = Vikterna den skickade sist (efter { $epochs } epoker och { $steps } steg) behålls: vyerna och ritytan använder dem. Tryck ”Fortsätt i en ny arbetare” för att träna vidare från dem, eller Träna för en ny körning.
worker-lost-kept-model = Modellen på sidan behålls. Tryck ”Fortsätt i en ny arbetare” för att starta en ny arbetare.
worker-lost-nothing = Tryck ”Fortsätt i en ny arbetare” för att starta en ny.
worker-not-started = Ingen ny arbetare kunde startas: { $error }
worker-silent = den har inte svarat på { $seconds } sekunder
worker-crashed = den kunde inte laddas eller kraschade
worker-unreadable = den skickade ett meddelande som sidan inte kan läsa ({ $error })
worker-not-running = träningsarbetaren körs inte
error-prefix = Fel: { $message }

## 4. What the model learned

learned-h = 4. Vad modellen lärde sig
learned-help = Träna en modell för att se dess vikter.
learned-linear = Varje klass vikter, en per pixel: röda pixlar höjer klassens poäng när de har bläck, blå sänker den.
learned-gradient = För varje klass: den ändring av bilden som mest höjer klassens poäng vid den genomsnittliga träningsbilden (poängens gradient): rött = mer bläck där hjälper, blått = stjälper.
learned-scale = blått = negativt, rött = positivt; full färg = ±{ $scale }
learned-units = Första gömda lagret: vikterna för { $shown } av dess { $units } enheter (var och en skalad efter sitt eget intervall)
learned-unit = enhet
learned-filters = Första faltningen: dess { $count } filter ({ $size }×{ $size })
learned-filter = filter
learned-maps = Särdragskartor för en { $digit } bland testexemplen efter varje faltning och dess aktiveringsfunktion
learned-input = indata
learned-input-alt = siffran som ges till modellen
learned-maps-caption = faltning { $n }: { $maps } kartor på { $height }×{ $width }
learned-map = karta från faltningslager { $layer }
learned-pattern = mönster för klassen { $name }
sample-alt = en träningsbild med etiketten { $name }
map-h = Siffrornas karta
map-layer-label = Karta över
map-layer-hidden = det sista gömda lagret
map-layer-logits = utdata (logits)
map-canvas =
    .aria-label = Siffrornas karta: varje punkt en testsiffra, färgad efter sin klass
map-keys = Peka på en punkt, eller fokusera kartan och gå från siffra till siffra med piltangenterna (Home: den första, Escape: ingen).
map-text = Kartan i ord
map-none = Träna eller ladda en modell för att se var den placerar siffrorna.
map-waiting = Arbetaren placerar siffrorna…
map-help = { $digits } testsiffror placerade med en principalkomponentanalys av { $layer }: åt sidan den riktning där de skiljer sig mest ({ $first } % av variansen), uppåt den näst största ({ $second } %). Siffror som modellen ser som lika ligger nära varandra.
map-of-logits = modellens utdata före softmax (logits)
map-of-pixels = deras pixlar (en linjär modell har inget gömt lager)
map-of-hidden = det sista gömda lagret ({ $features } värden per siffra)
map-focus = Testsiffra { $index }: sann { $truth }, förutsagd { $predicted }
map-focus-alt = testsiffran, en { $truth }
map-focus-none = Peka på en punkt för att se dess siffra.
map-drawing = din teckning
map-table-caption = Varje klass på kartan: var dess mittpunkt ligger och hur utspridda dess siffror är
map-col-class = klass
map-col-digits = siffror
map-col-centre = mittpunkt (åt sidan; uppåt)
map-col-spread = spridning
map-pair = { $a } och { $b } ({ $percent } % ligger närmare den andras mittpunkt)
map-overlap = Överlappar mest: { $pairs }.
map-overlap-none = Inga klasser överlappar: varje siffra ligger närmast sin egen klass mittpunkt.
conv-h = En faltning steg för steg
conv-help = Välj ett filter i den första faltningen och en indata. Ett 5×5-fönster glider över bilden: varje ruta i särdragskartan är summan av fönstrets pixlar gånger filtrets vikter, plus bias, genom aktiveringsfunktionen. Sedan behåller 2×2 max pooling den största av varje fyra rutor.
conv-filter = Filter
conv-input = Indata
conv-speed = Hastighet
conv-speed-slow = långsam
conv-speed-medium = medel
conv-speed-fast = snabb
conv-speed-fastest = snabbast
conv-play = Spela
conv-pause = Pausa
conv-step = Steg
conv-image =
    .aria-label = Indatabilden med fönstret
conv-image-caption = indata och fönster
conv-kernel =
    .aria-label = Filtrets vikter (blått negativt, rött positivt)
conv-kernel-caption = filter
conv-map =
    .aria-label = Särdragskarta: välj en ruta med piltangenterna
conv-map-caption = särdragskarta
conv-pool =
    .aria-label = Efter max pooling: välj en ruta med piltangenterna
conv-pool-caption = efter 2×2 max pooling
conv-keys = Klicka på en ruta i en karta, eller fokusera kartan och använd piltangenterna (Home: första rutan, End: sista).
conv-filter-n = filter { $n }
conv-input-sample = testsiffra { $index } ({ $label })
conv-input-drawing = din teckning
conv-no-drawing = Rita först en siffra på ritytan.
conv-products = Fönstrets pixlar × filtrets vikter
conv-pool-four = De fyra rutorna
conv-cell = Rad { $row }, kolumn { $col }: summa { $sum } + bias { $bias } → { $act } { $value }
conv-pool-cell = Pooling, rad { $row }, kolumn { $col }: störst av { $values } → { $value }

## Draw a digit

sketch-h = Rita en siffra
sketch-pad =
    .aria-label = Rityta: rita en siffra med musen, en penna, ett finger eller tangentbordet
sketch-keys = Tangentbord: piltangenterna flyttar pennan (Skift: längre), mellanslag sänker eller lyfter den, Delete suddar.
sketch-clear = Sudda
sketch-prediction = Förutsägelse:
sketch-sees = Det här ser modellen (28×28):
sketch-input =
    .aria-label = Teckningen som modellens indata, 28×28
sketch-bars =
    .aria-label = Sannolikheten för varje klass
sketch-no-model = träna eller ladda en modell först
sketch-wrong-size = modellen är inte gjord för bilder på 28×28
why-answer = Varför { $name }?
why-not = Varför inte { $name }?
why-answer-alt = värmekarta: vilka pixlar som höjde (rött) eller sänkte (blått) poängen för { $name }
why-not-alt = värmekarta: vilka pixlar som höjde (rött) eller sänkte (blått) poängen för { $name }, klassen som modellen inte valde
why-help = Varför detta svar: varje pixels bläck gånger gradienten av klassens poäng (gradient × indata). Röda pixlar höjde poängen, blå sänkte den; full färg = ±{ $scale }.
why-empty = Rita en siffra: bredvid det modellen ser visar en karta vilka pixlar som gav svaret.

## 5. Held-out test digits

eval-h = 5. Testsiffror som hållits utanför träningen
eval-accuracy = Träffsäkerhet:
eval-help = Raderna är de sanna siffrorna, kolumnerna förutsägelserna. Klicka på ett antal för att se de siffrorna.
eval-matrix =
    .aria-label = Förväxlingsmatris: raderna är sanna siffror, kolumnerna förutsägelser
eval-per-class = Träffsäkerhet per klass
eval-misclassified = Felklassificerade siffror
eval-corner = sann \ förutsagd
eval-cell = { $count } siffror: sann { $truth }, förutsagd { $predicted }
gallery-correct = Rätt klassade { $name }: { $count } siffror (säkraste först)
gallery-confused = Sann { $truth }, förutsagd { $predicted }: { $count } siffror (säkraste först)
gallery-mistakes = Felklassificerade siffror: { $count } av { $total } (de mest självsäkra misstagen först)
gallery-alt = testsiffra { $index }: sann { $truth }, förutsagd { $predicted } med { $percent } %
gallery-more = … och { $count } till
gallery-explain = { $digit }. Visa varför
explain-h = Testsiffra { $index }: sann { $truth }, förutsagd { $predicted } ({ $percent } %)
explain-digit = indata
explain-digit-alt = testsiffran, en { $truth }
explain-close = Stäng

## 6. Keep and share

file-h = 6. Spara och dela
file-save = Spara modellen (.safetensors)
file-notebook = Fortsätt i din notebook (PyTorch)
    .title = Laddar ner vikterna och ett PyTorch-skript som laddar och testar dem
file-load = Ladda en modell
file-kept = Den senast tränade eller laddade modellen sparas också i webbläsaren, så att den finns kvar efter omladdning.
file-saved = Sparade { $name } ({ $size } kB).
file-save-failed = Kunde inte spara: { $error }
file-no-gzip = den här webbläsaren kan inte gzip-komprimera filen
file-exported = Sparade { $name } och { $script }: lägg dem i samma mapp och kör skriptet (pip install torch torchvision safetensors).
file-export-failed = Kunde inte exportera: { $error }
file-load-failed = Kunde inte ladda modellen: { $error }
file-loaded = Laddade { $name }: { $model }, { $params } parametrar{ $kept }
file-trained = Tränade { $name }{ $kept }
file-stored = ; sparad i webbläsaren: en omladdning tar tillbaka den.
file-not-stored = ; med { $size } MB fick den inte plats i webbläsaren ({ $error }): använd Spara för att behålla den.
file-restored = Återställde { $name } från ditt förra besök. Träna för att ersätta den, eller Nollställ.
status-restored = Din senaste modell är återställd; den utvärderas nedan. Tryck Träna för en ny körning.
file-not-restored = Modellen från ditt förra besök kunde inte återställas: { $error }
status-loading-pretrained = Laddar en förtränad CNN, så att du kan rita en siffra direkt…
file-pretrained = Förtränad CNN ({ $name }), { $percent } % på testsiffrorna — träna en egen för att ersätta den.
status-pretrained = En förtränad CNN är laddad ({ $percent } % på testsiffrorna): rita en siffra på ritytan för att pröva den. Tryck Träna för att träna en egen.
file-pretrained-failed = Den förtränade modellen kunde inte laddas ({ $error }): träna en för att använda ritytan.
file-pretrained-scoring = Förtränad CNN ({ $name }): rita en siffra för att pröva den. Dess resultat på testsiffrorna följer när de är laddade.
share-button = Dela / bädda in den här uppställningen
share-label = Länk och iframe-kod för en kurssida
share-fix-first = Rätta inställningarna först: { $error }
share-iframe-title = MNIST-lekplats

## Data loading

storage-none = webbläsaren ger sidan ingen lagring
storage-full = webbläsarens lagring är full eller blockerad
file-none-chosen = ingen fil vald
data-not-loaded = datan är inte laddad än

data-loading = Laddar { $name }…
data-reading-files = Läser dina filer…
data-loaded = { $name }: { $train } träningsbilder, { $test } testbilder utanför träningen. Tryck Träna.
data-loaded-scoring = { $name }: { $train } träningsbilder, { $test } testbilder utanför träningen. Utvärderar modellen på dem…
data-loaded-kept = { $name }: { $train } träningsbilder, { $test } testbilder utanför träningen; den behållna modellen får { $percent } % på dem. Tryck Träna för en ny.
data-not-served = { $name } finns inte bredvid den här sidan ({ $error }); öppna filerna med filväljaren, eller se README
data-files-not-found = hittade inga träningsbilder och etiketter bland { $names }: filnamnen ska se ut som train-images-idx3-ubyte.gz och train-labels-idx1-ubyte.gz
data-your-files = dina filer ({ $name })
data-still-in-use = { $error } (den tidigare laddade datan används fortfarande)
data-model-mismatch = modellen { $model } är gjord för bilder på { $rows }×{ $cols } med { $classes } klasser; { $data } har bilder på { $drows }×{ $dcols } med { $dclasses } klasser
data-name-embedded = MNIST, 10 000 siffror (inbyggda)
data-name-3v7 = MNIST, treor och sjuor (inbyggda)
data-name-mnist = MNIST, hela 60 000 + 10 000
data-name-fashion = Fashion-MNIST
data-name-digits = 8×8-siffror (scikit-learn)

## Fashion-MNIST classes

fashion-0 = T-shirt/topp
fashion-1 = Byxor
fashion-2 = Tröja
fashion-3 = Klänning
fashion-4 = Kappa
fashion-5 = Sandal
fashion-6 = Skjorta
fashion-7 = Sneaker
fashion-8 = Väska
fashion-9 = Stövlett

## The worker

worker-stopped = träningsarbetaren stannade
worker-unsendable = ett meddelande kunde inte skickas till den: { $error }

## Lessons (one block per lesson: title, paragraphs, what to try next, what the result is)

lesson-tensors-title = 1. Tensorer och pixlar
lesson-tensors-p1 = För en dator är en bild en tabell med tal. Varje MNIST-siffra är en tensor på 28×28: rang 2 (rader och kolumner), 784 värden från 0 (svart) till 1 (vitt bläck).
lesson-tensors-p2 = Välj en siffra och vilka rader och kolumner som ska visas: tabellen nedan är samma tensor som bilden, varje ruta skuggad efter sitt värde. En stapel sådana bilder är en tensor med rang 3 [bilder, rader, kolumner].
lesson-tensors-try1 = Hitta raderna där bläcket i en etta börjar och slutar.
lesson-tensors-try2 = Jämför medelvärdet av pixlarna i en etta och i en åtta: vilken har mest bläck?
lesson-tensors-result = siffrans genomsnittliga pixelvärde (beräknat med motorn)

lesson-pixel-similarity-title = 2. Pixellikhet: en baslinje
lesson-pixel-similarity-p1 = Innan någon inlärning: ta medelvärdet av alla treor i träningsdatan pixel för pixel och få ”den ideala trean”, och likadant för varje siffra.
lesson-pixel-similarity-p2 = För att klassificera en okänd siffra mäter man hur långt den är från varje ideal siffra — medelvärdet av absoluta skillnader (L1) eller roten ur medelkvadratfelet (RMSE) över de 784 pixlarna — och väljer den närmaste. Dess träffsäkerhet på testexempel är baslinjen som varje modell måste slå.
lesson-pixel-similarity-try1 = Vilka siffror blandar baslinjen ihop?
lesson-pixel-similarity-try2 = Varför straffar RMSE några få stora skillnader hårdare än L1?
lesson-pixel-similarity-try3 = Gå vidare till lektion 4 och slå det här talet med en modell som lär sig.
lesson-pixel-similarity-result = träffsäkerhet för 3 mot 7 på testexempel med närmaste medelvärde (L1)

lesson-quadratic-title = 3. Gradientnedstigning för hand
lesson-quadratic-p1 = En berg-och-dalbanas fart mättes vid 20 tidpunkter, med brus. Gissa att fart = a·t² + b·t + c och börja med slumpmässiga a, b, c.
lesson-quadratic-p2 = Varje steg: förutsäg, beräkna medelkvadratfelet (loss), låt autograd beräkna gradienten av loss med avseende på a, b och c, och flytta varje parameter en bit mot sin gradient: p ← p − lr · gradient. Nollställ sedan gradienterna och upprepa.
lesson-quadratic-try1 = Gör inlärningstakten 10 gånger större: sjunker loss fortfarande?
lesson-quadratic-try2 = Och 100 gånger större?
lesson-quadratic-try3 = Kör 100 steg: hur nära punkterna kommer kurvan?
lesson-quadratic-result = medelkvadratfelet efter stegen hittills

lesson-3v7-title = 4. 3 mot 7 med en linjär enhet
lesson-3v7-p1 = En vikt per pixel och en bias: poäng = x·w + b. Sigmoiden σ(poäng) gör den till en sannolikhet att siffran är en sjua.
lesson-3v7-p2 = Loss (mnist_loss) är where(target = 7, 1 − p, p).mean(): hur långt varje förutsägelse är från sanningen. Varje steg på en minibatch (step, sedan zero_grad) knuffar w och b; träffsäkerheten i en batch räknar (p > 0.5) = target.
lesson-3v7-try1 = Lägg in ett gömt lager: modellen logistic:30 är nätet 784-30-1.
lesson-3v7-try2 = Inlärningstakt 0.1 och 10: vilken lär sig snabbare, och vilken är instabil?
lesson-3v7-try3 = Rita en trea och en sjua på ritytan.
lesson-3v7-result = träffsäkerhet på testexempel

lesson-linear-title = 5. Tio siffror, ett linjärt lager
lesson-linear-p1 = Tio poäng, en per siffra, var och en en viktad summa av pixlarna: θ är 10×28×28 plus 10 bias. Softmax gör poängen till sannolikheter och korsentropi är loss; vanlig SGD tränar den.
lesson-linear-p2 = Två körningar sida vid sida. Den första börjar med vikter dragna med standardavvikelse 1 på råa pixlar: varje poäng är en summa av ungefär 150 pixlar med bläck gånger N(0, 1), så den börjar kring ±12, softmax är mättad, de flesta gradienter är nästan noll och inlärningen kryper (kursen ser den fastna nära 63 % efter 20 epoker). Den andra använder små startvikter (PyTorchs ±1/√784) och standardiserade pixlar: poängen börjar nära noll och varje exempel lär ut något.
lesson-linear-try1 = Ge den första körningen lägre inlärningstakt, eller fler epoker: kommer den ikapp?
lesson-linear-try2 = Titta på de tio viktbilderna efter träningen: ser du siffrorna?
lesson-linear-try3 = Rita en siffra och läs ”Varför detta svar” bredvid det modellen ser: röda pixlar höjde svarets poäng, blå sänkte den (för den här modellen är varje pixel gånger sin vikt). Sedan siffrornas karta i avsnitt 4: vilka siffror ligger redan isär i pixlarna enbart?
lesson-linear-result = bästa slutliga träffsäkerhet på testexempel bland körningarna
lesson-linear-run1 = start med std 1, råa pixlar, lr 1
lesson-linear-run2 = liten start, standardiserade pixlar, lr 0.1

lesson-deeper-title = 6. Djupare nät
lesson-deeper-p1 = Stapla lager med en icke-linjäritet emellan: Deep(20, 40, 20, 12) är 784-20-40-20-12-10. Utan aktiveringsfunktionen vore stapeln fortfarande en enda linjär avbildning.
lesson-deeper-p2 = Fem körningar av samma nät: ReLU, sigmoid och tanh med vanlig SGD, sedan ReLU med momentum (ett löpande medelvärde av gradienterna) och med Adam (en steglängd per parameter).
lesson-deeper-try1 = Prova det breda grunda 784-30-10: modellen mlp:30.
lesson-deeper-try2 = AdamW: Adam med frikopplad viktminskning (optimerare adamw).
lesson-deeper-try3 = Fler epoker: vilken aktiveringsfunktion vinner till slut?
lesson-deeper-try4 = Siffrornas karta (avsnitt 4) placerar testsiffrorna efter det sista gömda lagret: dras klasserna isär mer än i pixlarna i lektion 5? Titta på den medan en körning tränar och byt till logits.
lesson-deeper-result = bästa slutliga träffsäkerhet på testexempel bland körningarna
lesson-deeper-run1 = ReLU, SGD
lesson-deeper-run2 = sigmoid, SGD
lesson-deeper-run3 = tanh, SGD
lesson-deeper-run4 = ReLU, momentum
lesson-deeper-run5 = ReLU, Adam

lesson-small-data-title = 7. Lite data: 8×8-siffrorna
lesson-small-data-p1 = 1 797 små siffror på 8×8 (från scikit-learn), 20 % hålls utanför träningen. Först det traditionella sättet, där kursens notebook börjar: en slumpskog på de 64 pixlarna (10 träd med djup 10, som scikit-learns RandomForestClassifier(n_estimators=10, max_depth=10)), tränad i din webbläsare. Dess träffsäkerhet på testexemplen, överst, är talet som nätet måste slå.
lesson-small-data-p2 = Nätet är 64-52-52-10 med sigmoid som aktiveringsfunktion. Ett svep över inlärningstakten: samma nät tränat med fem inlärningstakter, varje kurva träffsäkerheten på testexempel per epok. För liten kryper, för stor studsar eller divergerar; den bästa ligger oftast strax under den största som fortfarande fungerar. Tabellen visar också träffsäkerheten på träningsdatan: när den drar ifrån den på testexemplen håller nätet på att överanpassas. Den streckade linjen är slumpskogen: vilka inlärningstakter slår den?
lesson-small-data-try1 = Storlek på minibatch: batch 8 och batch 256.
lesson-small-data-try2 = Överanpassning: 200 epoker, sedan dropout 0.3.
lesson-small-data-try3 = De felklassificerade siffrorna: är de svåra för dig också?
lesson-small-data-try4 = Slumpskogen med 100 träd, eller med djup 3: hur mycket vinner eller förlorar den?
lesson-small-data-result = bästa slutliga träffsäkerhet på testexempel i svepet
lesson-small-data-run1 = lr 0.03
lesson-small-data-run2 = lr 0.1
lesson-small-data-run3 = lr 0.3
lesson-small-data-run4 = lr 1
lesson-small-data-run5 = lr 3

lesson-convolutions-title = 8. Faltningar
lesson-convolutions-p1 = En faltning låter ett litet filter (här 5×5) glida över bilden och skriver hur väl varje bit av bilden stämmer med det: en särdragskarta. Samma få vikter används överallt, så ett streck känns igen var det än är.
lesson-convolutions-p2 = Den här CNN:en har 8 filter, pooling (det största värdet i varje 2×2-ruta), 16 filter över de kartorna, pooling igen och sedan ett linjärt lager till de tio poängen. Nedan: de inlärda filtren, vad de gör av en testsiffra, och ”En faltning steg för steg”: välj ett filter och en siffra (eller din teckning) och se 5×5-fönstret räkna ut varje ruta i särdragskartan, sedan poolingen.
lesson-convolutions-try1 = Fler filter: modellen cnn:16,32,128.
lesson-convolutions-try2 = Två eller tre epoker: hur nära 99 % kommer den?
lesson-convolutions-try3 = Rita en siffra vid sidan av mitten: känner CNN:en fortfarande igen den?
lesson-convolutions-try4 = Klicka på en felklassificerad siffra under 6: kartorna visar vilka pixlar som gav CNN:ens svar och vilka som talade för den sanna klassen. Siffrornas karta visar vilka klasser dess sista lager fortfarande blandar ihop.
lesson-convolutions-result = träffsäkerhet på testexempel

## The lessons' live parts

tensors-digit = Siffra (index)
tensors-rows-from = Rader från
tensors-columns-from = Kolumner från
tensors-to = till
tensors-status = Byt siffra, eller vilka rader och kolumner som visas.
tensors-shape = Siffra { $index } har etiketten { $label }. Den här bilden: form [{ $rows }, { $cols }], rang { $rank }. Alla { $count } träningsbilder: form [{ $n }, { $rows }, { $cols }], rang 3. Visas: rader { $r0 }–{ $r1 }, kolumner { $c0 }–{ $c1 }.
tensors-label = etikett { $name }
tensors-digit-alt = siffran
tensors-table = siffrans pixelvärden
similarity-working = Tar medelvärdet av träningssiffrorna och mäter varje testsiffras avstånd till varje medelvärde…
similarity-ideal = Medelsiffran för varje klass (”den ideala trean”)
similarity-mean-alt = medelbild av { $name }
similarity-held-out = Träffsäkerhet på testexempel
similarity-3v7 = 3 mot 7
similarity-all = alla tio siffror
similarity-unknown = En okänd siffra och dess avstånd till varje medelvärde
similarity-digit = Testsiffra (index)
similarity-status = Baslinje med närmaste medelvärde: { $v37 } % på treor och sjuor bland testexemplen, { $all } % på alla tio siffror (L1).
similarity-truly = egentligen { $name }
similarity-unknown-alt = den okända siffran
similarity-average-of = medelvärde av
metric-l1 = L1
metric-rmse = RMSE
similarity-l1 = L1-avstånd
quadratic-step = Steg
quadratic-ten = 10 steg
quadratic-reset = Börja om
quadratic-chart = Farter (punkter) och den anpassade kurvan
quadratic-status = Tryck Steg: förutsäg, mät loss, ta gradienten, ta ett steg.
quadratic-lr-nan = inlärningstakten är inget tal
quadratic-lr-bad = inlärningstakten { $lr } måste vara ett ändligt tal ≥ 0
quadratic-params = a = { $a }, b = { $b }, c = { $c } efter { $steps ->
    [one] { $steps } steg
   *[other] { $steps } steg
}
quadratic-log = loss { $loss }
quadratic-diverged = Loss är inte längre ett ändligt tal: stegen skjuter över. Börja om med en mindre inlärningstakt.
compare-run = Kör jämförelsen
compare-chart = Träffsäkerhet på testexempel per epok för varje körning
compare-run-col = körning
compare-train-col = träffsäkerhet, träningsdata
compare-val-col = träffsäkerhet, testexempel
compare-status = Körning { $run } av { $runs }: { $label }…
compare-done = Alla { $runs } körningar klara; den bästa nådde { $percent } % på testsiffrorna (dess modell visas nedan).
forest-beat = Talet att slå: en slumpskog
forest-trees = Träd
forest-depth = Djup
forest-run = Träna skogen
forest-training = Odlar en slumpskog i bakgrunden: { $grown } av { $trees } träd (djup { $depth })…
forest-done = Slumpskog ({ $trees } träd, djup { $depth }, slumpfrö { $seed }): { $percent } % av de { $total } testexemplen rätt, tränad på { $seconds } s. Nätet måste slå den.
forest-legend = slumpskog, { $percent } %

## Messages from the engine

diverged = loss blev { $loss } i epok { $epoch } vid steg { $step }: träningen stoppades och de senaste fungerande vikterna återställdes. Prova en mindre inlärningstakt (nu { $lr }).
url-ignored = hoppade över { $key }={ $value }: { $reason }
url-not-a-setting = ingen inställning

## course.html (an example course page that embeds two lessons)

course-title = Exempel på kurssida — lektioner i MNIST-lekplatsen
course-h = Vecka 2: från en baslinje till en modell som lär sig
course-intro = Den här sidan visar hur en kurssida bäddar in lekplatsen: varje lektion är en iframe vars adress anger lektionen, embed=1 för den kompakta layouten och origins= med den här webbplatsen, den enda vars kommandon lektionen lyder. Lektionerna rapporterar händelser till den här sidan (nedan).
course-lesson2 = Lektion 2: baslinjen med pixellikhet
course-lesson2-frame =
    .title = Lektion 2: pixellikhet
course-lesson4 = Lektion 4: 3 mot 7 med en linjär enhet
course-lesson4-frame =
    .title = Lektion 4: 3 mot 7
course-start = Börja träna
course-faster = Sätt lr 2, 2 epoker
course-events = Händelser från lektionerna

## Bad input (what the URL, the form or a file got wrong)

error-setting = { $key } { $value }: { $reason }
error-flag = 1 eller 0
error-number-range = ett tal från { $lo } till { $hi }
error-hide = { $name } kan inte döljas (en av { $names })
error-origins = högst 10 ursprung (origins)
error-loss = okänd loss { $name } (cross-entropy, sigmoid eller bce)
error-optimizer = okänd optimerare { $name } (sgd, momentum, adam eller adamw)
error-activation = okänd aktiveringsfunktion { $name } (relu, sigmoid eller tanh)
error-dropout = dropout { $value } ligger utanför [0, 0,95)
error-layer-width = lagerbredden { $value } i modellen { $model } är inget heltal 1..={ $max }
error-channel-count = kanalantalet { $value } i modellen { $model } är inget heltal 1..={ $max }
error-too-many-layers = { $count } gömda lager är fler än { $max }
error-cnn-numbers = modell { $model }: cnn tar 2 eller 3 tal (cnn:C1,C2 eller cnn:C1,C2,GÖMDA)
error-unknown-model = okänd modell { $model } (linear, logistic, logistic:H1,…, mlp:H1,H2,… eller cnn)
error-cross-entropy-one-output = korsentropi behöver en utgång per klass; den här modellen har en utgång
error-loss-needs-one-output = loss { $loss } behöver en modell med en utgång (logistic)
error-logistic-two-classes = logistic behöver ett dataset med två klasser (t.ex. klasserna 3,7); det här har { $classes } klasser
error-too-many-parameters = { $model } har { $count } parametrar, fler än gränsen { $max }
error-init = init { $value } är ingen positiv standardavvikelse
error-epochs = antalet epoker { $value } ligger utanför 1..=10000
error-batch-zero = batchstorlek 0: en minibatch behöver minst ett exempel
error-batch-too-big = batchstorleken { $batch } är större än de { $count } träningsexemplen
error-lr = inlärningstakten { $value } är inget tal i (0, 100]
error-not-gzip = { $name }: heter .gz men är inte gzip-data
error-image-dims = bilderna har dimensionerna { $dims }, väntade [antal, rader, kolumner]
error-label-dims = etiketterna har dimensionerna { $dims }, väntade [antal]
error-count-mismatch = { $images } bilder men { $labels } etiketter
error-label-range = etiketten { $label } för bild { $index } är ingen klass 0..{ $max }
# Dina siffror (own_digits.rs) och att lära modellen (workern)
own-digits-images-file = bildfilen
own-digits-labels-file = etikettfilen
own-digits-not-28 = { $name }: siffrorna är { $rows }×{ $cols } pixlar, inte 28×28
own-digits-empty = { $name }: filen innehåller inga siffror
teach-no-digits = det finns inga egna siffror att lära modellen: rita några och ge dem etiketter först
teach-not-digits = att lära modellen kräver siffror på 28×28 pixlar i tio klasser (MNIST-siffrorna), både dina och datans
teach-the-model = modellen som ska läras
teach-model-misfit = modellen tar bilder på { $rows }×{ $cols } pixlar i { $classes } klasser; dina siffror är 28×28 i 10
teach-no-data = ingen data har skickats: de repeterade siffrorna och testexemplen kommer därifrån
teach-bad-steps = { $steps } steg med { $batch } siffror: att lära modellen tar minst ett steg och högst { $max } siffror sammanlagt
teach-bad-replay = { $value } repeterade siffror per egen siffra är fler än { $max }
forest-bad-trees = träd { $value }: skogen tar ett heltal från 1 till { $max }
forest-bad-depth = djup { $value }: ett heltal från 1 till { $max }
forest-one-class = en slumpskog behöver siffror av minst två klasser

## Dina siffror (egen handstil)
data-own = Dina siffror (ritade här)
data-with-own = MNIST + dina siffror
data-name-own = dina siffror
data-name-with-own = MNIST + dina siffror
own-label-h = Spara teckningen som en av dina siffror:
own-right = Rätt
own-it-is = Det är en
own-is-0 = 0
    .aria-label = Det är en 0:a
own-is-1 = 1
    .aria-label = Det är en 1:a
own-is-2 = 2
    .aria-label = Det är en 2:a
own-is-3 = 3
    .aria-label = Det är en 3:a
own-is-4 = 4
    .aria-label = Det är en 4:a
own-is-5 = 5
    .aria-label = Det är en 5:a
own-is-6 = 6
    .aria-label = Det är en 6:a
own-is-7 = 7
    .aria-label = Det är en 7:a
own-is-8 = 8
    .aria-label = Det är en 8:a
own-is-9 = 9
    .aria-label = Det är en 9:a
own-h = Dina siffror
own-private = Dina siffror sparas bara i den här webbläsaren (IndexedDB): inget skickas någonstans om du inte exporterar dem.
own-export = Exportera (MNIST IDX, .gz)
own-import = Importera IDX-filer
own-clear = Radera alla…
own-clear-yes = Radera alla
own-clear-no = Behåll dem
own-how-h = Hur modellen klarar dina siffror
own-confusion =
    .aria-label = Dina siffror: raderna är vad du sa, kolumnerna vad modellen svarar
own-teach-h = Lär modellen dina siffror
own-teach-about = Finjusterar den nuvarande modellen på dina siffror, blandade med repeterade träningsexempel så att den inte glömmer resten. Var fjärde siffra av varje slag läggs undan: före och efter mäts på dem och på testexemplen.
own-replay = Repeterade träningsexempel per siffra av dina
own-steps = Steg
own-per-digit = Högst så många av varje siffra (0: alla)
own-teach = Lär modellen dina siffror
own-reading = Läser dina siffror från webbläsaren…
own-summary = { $count ->
    [0] Inga siffror än: rita en ovan och säg vilken det är.
    [one] 1 siffra ({ $held } undanlagda för att mäta inlärningen).
   *[other] { $count } siffror ({ $held } undanlagda för att mäta inlärningen).
}
own-row = { $digit }: { $count }
own-thumb = din { $digit }, modellen svarar { $answer }{ $held ->
    [yes] , undanlagd
   *[no] {""}
}
own-thumb-unscored = din { $digit }{ $held ->
    [yes] , undanlagd
   *[no] {""}
}
own-delete = Radera
own-delete-one = Radera { $what }
own-confirm = Radera alla { $count } av dina siffror från webbläsaren? Det går inte att ångra (exportera dem först för att behålla en kopia).
own-kept = Sparad som en { $digit } ({ $count } av den siffran nu).
own-deleted = Raderade en { $digit }.
own-cleared = Raderade alla { $count } siffror.
own-draw-first = Rita en siffra först.
own-wrong-size = Den här modellen tar inte 28×28-siffror.
own-no-answer = Det finns ingen modell som svarar än: välj siffran med ”Det är en …”.
own-full = Din samling rymmer högst { $max } siffror.
own-nothing-to-export = Det finns inga siffror att exportera än.
own-exported = Exporterade { $count } siffror som { $images } och { $labels }.
own-imported = Importerade { $count } siffror.
own-import-refused = Inte importerat (dina siffror är som förut): { $error }
own-import-two-files = välj en bildfil och en etikettfil tillsammans (fick: { $names })
own-not-stored = Dina siffror kunde inte sparas i webbläsaren: { $error }
own-storage-bad = Siffrorna som sparats i webbläsaren gick inte att läsa och ignoreras.
own-storage-failed = Dina siffror kunde inte läsas från webbläsaren: { $error }
own-no-storage = webbläsaren erbjuder ingen IndexedDB-lagring här
own-score-failed = Dina siffror kunde inte bedömas: { $error }
own-accuracy = { $percent } rätt ({ $correct } av { $count }); på de { $held_count } undanlagda: { $held }
own-accuracy-none = –
own-accuracy-waiting = bedömer…
own-field-range = { $value } är inte ett heltal från { $min } till { $max }
own-teach-plan = { $taught } av dina siffror lärs ut: { $steps } steg om 32 siffror, { $shown } av dem dina (var och en sedd många gånger) och { $replayed } repeterade träningsexempel.
own-teach-no-model = det finns ingen modell att lära: öppna eller träna en först
own-teach-not-digits = inlärningen behöver en modell och data med 28×28-siffror 0–9 (MNIST)
own-teach-none = det finns inga siffror att lära ut än: de tre första av varje siffra lärs ut, var fjärde läggs undan
own-teaching = Lär modellen { $count } av dina siffror ({ $replay } repeterade per siffra, { $steps } steg)…
own-taught = Klart. Dina undanlagda siffror: { $before } → { $after }; testexemplen: { $test_before } → { $test_after }.
own-compare-running = Lär… före och efter visas när det är klart.
own-compare-caption = Senaste inlärningen: { $taught } av dina siffror, { $replay } repeterade per siffra, { $steps } steg.
own-before = Före
own-after = Efter
own-compare-own = Dina siffror som den inte lärdes ({ $count })
own-compare-test = Testexempel
own-data-too-few = dina { $count } siffror är för få för att delas upp: märk minst 4 av en siffra (var fjärde läggs undan) och några andra

lesson-own-digits-title = 9. Din egen handstil
lesson-own-digits-p1 = En modell är bara så bra som siffrorna den har sett. Den förtränade CNN:en lärde sig av 8 000 MNIST-siffror skrivna av amerikanska studenter och kontorsanställda: hur klarar den dina? Rita en siffra på ritytan och tryck sedan ”Rätt” om den svarade rätt, eller ”Det är en …” med siffran du menade. Varje svar sparar din teckning under ”Dina siffror” (bara i den här webbläsaren).
lesson-own-digits-p2 = Rita minst fem av varje siffra. ”Hur modellen klarar dina siffror” visar träffsäkerheten och vilka av dina siffror den blandar ihop. Var fjärde siffra av varje slag läggs undan och lärs aldrig ut: så ser vi om modellen lärde sig din handstil eller bara exemplen den visades.
lesson-own-digits-p3 = Tryck sedan ”Lär modellen dina siffror”: den finjusterar modellen på dina siffror, var och en blandad med 4 repeterade träningsexempel. Före och efter visas sida vid sida: dina undanlagda siffror (vad som vanns) och testexemplen (vad som glömdes). Ritytan svarar nu med den nya modellen.
lesson-own-digits-try1 = Gå tillbaka till den förtränade modellen och lär igen med högst 1 av varje siffra: den lär sig dem och lite annat — jämför träffsäkerheten på de undanlagda.
lesson-own-digits-try2 = Sätt repeterade exempel till 0 och lär: bara dina siffror, många steg. Hur mycket sjunker träffsäkerheten på testexemplen? Det är glömska.
lesson-own-digits-try3 = Välj ”Dina siffror” i datamenyn och träna en modell från början på bara dem, eller ”MNIST + dina siffror” för att träna på båda.
lesson-own-digits-result = träffsäkerhet på dina undanlagda siffror efter inlärningen
lesson-own-digits-status = Rita en siffra och säg sedan om modellen hade rätt.
own-back-pretrained = Tillbaka till den förtränade modellen
own-teach-wait = dina siffror bedöms med den här modellen: lär ut när deras resultat visas
own-not-while-teaching = Inte medan modellen lär sig: vilka siffror som läggs undan följer deras ordning.
own-pretrained-needs-digits = den förtränade CNN:en läser MNIST-siffror: välj de inbäddade siffrorna, MNIST eller dina siffror först
own-accuracy-no-model = ingen modell för siffrorna 0–9 att bedöma dem med än
own-accuracy-after-run = bedöms när körningen är klar
own-compare-on = Mätt på
own-storage-unusable = webbläsarens lagring (IndexedDB) kunde inte användas
