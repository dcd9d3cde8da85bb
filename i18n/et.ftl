# MNIST playground — eesti keel. Sõnavara järgib fastai 4. peatüki konspekti (../shared/GLOSSARY.md).

language-name = Eesti
language = Keel
app-title = MNIST-i mänguväljak

## Header

backend-label = Arvutus:
backend-detecting = tuvastan…
backend-use = Kasuta
backend-choice =
    .aria-label = Kus mudelit treenitakse (leht laaditakse uuesti)
backend-auto = kiiremat (automaatne)
backend-webgpu = WebGPU
backend-cpu = CPU
backend-line-gpu = WebGPU — { $adapter }
backend-line-page = { $backend } (lehe enda lõimes)
backend-line-cpu-url = CPU — aadress palub CPU-d (backend=cpu)
backend-line-cpu-chosen = CPU — valitud, sest { $reason }
backend-line-cpu-no-webgpu = CPU — selles brauseris pole WebGPU-d ({ $reason })
backend-line-cpu-lost = CPU — graafikaseade kadus
backend-no-webgpu = WebGPU puudub
backend-hardware = graafikakaart
backend-probe-gpu = tarkvaraline WebGPU; proov: WebGPU { $gpu } vs CPU { $cpu } näidet/s
backend-probe-cpu = tarkvaraline WebGPU; proov: CPU { $cpu } vs WebGPU { $gpu } näidet/s
backend-probe-gpu-failed = WebGPU proov ebaõnnestus ({ $error })
backend-probe-cpu-failed = CPU proov ebaõnnestus ({ $error })
backend-no-navigator-gpu = navigator.gpu puudub: WebGPU on välja lülitatud või siin toetamata
backend-no-adapter = WebGPU ei pakkunud ühtegi graafikaseadet
fault-kept = { $error }; viimased töötavad kaalud jäävad alles
fault-moved-gpu = { $error }. Treenimine kolis uuele graafikaseadmele ja jätkub kaaludest pärast epohhi { $epoch }: vajuta Jätka.
fault-moved-cpu = { $error }. Treenimine kolis CPU-le ja jätkub kaaludest pärast epohhi { $epoch }: vajuta Jätka.
fault-stuck = { $error }; ja mujal jätkata ei õnnestunud: { $reason }
status-starting = Käivitan…

## Lesson frame

lesson-result = Tulemus:
lesson-try-next = Proovi edasi
lesson-nav =
    .aria-label = Tunnid

## 1. Data

data-h = 1. Andmed
data-dataset = Andmestik
data-embedded = MNIST, 10 000 numbrit (kaasas)
data-3v7 = MNIST, kolmed ja seitsmed (kaasas)
data-mnist = MNIST, täielik (kaustast data/mnist/)
data-fashion = Fashion-MNIST (kaustast data/fashion/)
data-digits = 8×8 numbrid (scikit-learn, 1797)
data-files-option = Sinu failid
data-open-files = Või ava IDX-failid (.gz või mitte)
data-full-help = Täielik MNIST: vali või lohista need neli faili ükskõik kuhu sellesse kasti:
data-progress =
    .aria-label = Andmete laadimine
data-samples =
    .aria-label = Näidisnumbrid koos märgenditega

## 2. Model

model-h = 2. Mudel
model-kind = Liik
model-linear = Lineaarne (üks kiht)
model-logistic = Logistiline (üks neuron, 2 klassi)
model-mlp = MLP (peidetud kihid)
model-logistic-mlp = Logistiline võrk (peidetud kihid, üks väljund, 2 klassi)
model-cnn = CNN (kaks konvolutsioonikihti)
model-activation = Aktivatsioonifunktsioon
activation-relu = ReLU
activation-sigmoid = sigmoid
activation-tanh = tanh
model-dropout = Dropout
model-loss = Kadu (loss)
loss-auto = mudeli vaikimisi
loss-cross-entropy = ristentroopia
loss-sigmoid = sigmoid (mnist_loss)
loss-bce = binaarne ristentroopia
model-hidden-layers = Peidetud kihid (neuroneid)
model-add-layer = Lisa kiht
model-layer = Kiht { $n }
model-remove-layer = Eemalda
    .aria-label = Eemalda peidetud kiht { $n }
model-convolutions = Konvolutsioonid (5×5, igaühe järel 2×2 max-pooling)
model-conv1 = 1. konvolutsiooni kanalid
model-conv2 = 2. konvolutsiooni kanalid
model-dense = Täiskihi peidetud neuronid (0 = pole)
model-as-text = Mudel tekstina (aadressi model-seade)
model-summary =
    .aria-label = Mudeli kokkuvõte
summary-layer = Kiht
summary-shape = Väljundi kuju
summary-params = Parameetrid
summary-input = Sisend
summary-total = Parameetreid kokku: { $count }
summary-loss = Kadu: { $loss }
summary-error = Seda mudelit ei saa ehitada: { $error }

## 3. Training

train-h = 3. Treenimine
train-optimizer = Optimeerija
optimizer-sgd = SGD
optimizer-momentum = SGD impulsiga (momentum)
optimizer-adam = Adam
optimizer-adamw = AdamW
train-lr = Õpimäär (LR)
train-batch = Minipartii
train-epochs = Epohhid
train-seed = Seeme
train-threads = Töölõimed (CPU)
train-threads-input =
    .title = CPU-l jagavad nii mitu töölõime (tuuma) iga minipartii omavahel
workers-default-cores = Vaikimisi: { $count }. Sellel seadmel on { $cores ->
        [one] üks tuum
       *[other] { $cores } tuuma
    } ja leht jätab ühe endale.
workers-default-most = Vaikimisi: { $count }, suurim võimalik (sellel seadmel on { $cores } tuuma).
workers-default-memory = Vaikimisi: { $count }, nii palju, kui mahub { $budget } MB sisse (kaheksandik seadme { $gb } GB mälust): leht, need andmed ja nii mitu töölõime vajavad umbes { $need } MB, iga lisatöölõim umbes { $helper } MB.
workers-default-memory-unknown = Vaikimisi: { $count }, nii palju, kui mahub { $budget } MB sisse (brauser ei ütle, kui palju mälu seadmel on): leht, need andmed ja nii mitu töölõime vajavad umbes { $need } MB, iga lisatöölõim umbes { $helper } MB.
train-button = Treeni
pause-button = Peata
resume-button = Jätka
step-button = Üks samm
reset-button = Lähtesta
carry-on-button = Jätka uues töölõimes
train-progress =
    .aria-label = Epohhi edenemine
train-epoch-log =
    .aria-label = Tulemused epohhide kaupa
chart-loss =
    .aria-label = Kao graafik
chart-accuracy =
    .aria-label = Täpsuse graafik
chart-loss-caption = Kadu:
chart-accuracy-caption = Täpsus:
chart-per-step = sammu kaupa (silutud)
chart-train-epoch = treeningandmed, epohhi kaupa
chart-val-epoch = testandmed, epohhi kaupa
chart-train = treeningandmed
chart-val = testandmed
chart-empty = Treeni, et kõveraid näha
axis-epoch = epohh
axis-loss = kadu
axis-accuracy = täpsus
axis-held-out-accuracy = täpsus testandmetel
axis-time = aeg
axis-speed = kiirus
epochs-count = { $count ->
    [one] { $count } epohh
   *[other] { $count } epohhi
}
speed-line = epohh { $epoch }/{ $epochs }, samm { $step }/{ $steps } · kadu { $loss } · { $rate } näidet/s{ $workers ->
    [1] {""}
   *[other] {" "}{ $workers } töölõimel
}{ $idle ->
    [0] {""}
    [one] {" "}(abitöölõim ootab: mõõtmise järgi on selle mudeli sammud ilma abita kiiremad)
   *[other] {" "}({ $idle } abitöölõime ootavad: mõõtmise järgi on selle mudeli sammud ilma abita kiiremad)
} · LR { $lr }
epoch-line = epohh { $epoch }: treeningkadu { $loss }, täpsus { $accuracy }{ $val ->
    [yes] ; testkadu { $val_loss }, täpsus { $val_accuracy }
   *[no] {""}
} ({ $seconds } s)

## Status and notices

status-training = Treenin…
status-paused = Peatatud. Vajuta Jätka, et edasi minna, või Üks samm.
status-stepped = Üks samm tehtud. Tee veel üks või vajuta Jätka.
status-reset = Lähtestatud: mudel ja graafikud on tühjad. Vajuta Treeni, et alustada uut treenimist.
status-choosing = Valin, kus treenida (tarkvaralist WebGPU-d võrreldakse CPU-ga)…
status-ready = Valmis: { $backend }. Vajuta Treeni.
status-done = Valmis: { $total } testnumbrist { $correct } õigesti ({ $percent }%). Joonista joonistusalale number, et mudelit proovida.
status-diverged = Kadu hajus epohhis { $epoch }, sammul { $step }: { $message } Viimased töötavad kaalud jäid alles.
status-new-worker-carries-on = Uus töölõim jätkab viimastest kaaludest, epohhis { $epoch }.
status-new-worker-ready = Uus töölõim on valmis. Vajuta Treeni, et alustada uut treenimist.
busy-starting = leht alles käivitub: proovi hetke pärast uuesti
busy-evaluating = testnumbreid hinnatakse: proovi hetke pärast uuesti
busy-training = peata või lähtesta treenimine enne andmete või mudeli vahetamist
notice-url = Mõnda aadressi seadet ei kasutatud: { $problems }
notice-helper-lost = Abitöölõim peatus ({ $why }): treenimine jätkub { $left ->
    [one] { $left } töölõimega
   *[other] { $left } töölõimega
}.
notice-page-thread = Treenimine käib lehe enda lõimes: { $why }. Leht võib mudeli treenimise ajal hakkida.
worker-unavailable = see brauser ei suutnud Web Workerit käivitada ({ $error })
worker-off-by-url = aadress palub seda (worker=0)
worker-lost = Treeningu töölõim peatus: { $why }.
worker-lost-kept-weights = Kaalud, mis ta viimati saatis (pärast { $epochs } epohhi ja { $steps } sammu), jäävad alles: vaated ja joonistusala kasutavad neid. Vajuta „Jätka uues töölõimes“, et neist edasi treenida, või Treeni, et alustada uuesti.
worker-lost-kept-model = Lehel olev mudel jääb alles. Vajuta „Jätka uues töölõimes“, et uus töölõim käivitada.
worker-lost-nothing = Vajuta „Jätka uues töölõimes“, et uus käivitada.
worker-not-started = Uut töölõime ei õnnestunud käivitada: { $error }
worker-silent = see pole { $seconds } sekundit vastanud
worker-crashed = selle laadimine ebaõnnestus või see jooksis kokku
worker-unreadable = see saatis sõnumi, mida leht lugeda ei oska ({ $error })
worker-not-running = treeningu töölõim ei tööta
error-prefix = Viga: { $message }

## 4. What the model learned

learned-h = 4. Mida mudel õppis
learned-help = Treeni mudel, et selle kaalusid näha.
learned-linear = Iga klassi kaalud, üks piksli kohta: punased pikslid tõstavad tindi korral selle klassi skoori, sinised langetavad.
learned-gradient = Iga klassi jaoks sisendi muutus, mis keskmise treeningpildi juures tema skoori kõige rohkem tõstab (skoori gradient): punane = sinna rohkem tinti aitab, sinine = segab.
learned-scale = sinine = negatiivne, punane = positiivne; täisvärv = ±{ $scale }
learned-units = Esimene peidetud kiht: { $units } neuronist { $shown } kaalud (igaüks skaleeritud oma vahemikku)
learned-unit = neuron
learned-filters = Esimene konvolutsioon: selle { $count } filtrit ({ $size }×{ $size })
learned-filter = filter
learned-maps = Tunnuskaardid ühe testandmestiku numbri { $digit } jaoks pärast iga konvolutsiooni ja aktivatsiooni
learned-input = sisend
learned-input-alt = sisendnumber
learned-maps-caption = konvolutsioon { $n }: { $maps } kaarti suurusega { $height }×{ $width }
learned-map = konvolutsioonikihi { $layer } kaart
learned-pattern = klassi { $name } muster
sample-alt = treeningpilt märgendiga { $name }
map-h = Numbrite kaart
map-layer-label = Kaart:
map-layer-hidden = viimane peidetud kiht
map-layer-logits = väljundid (logitid)
map-canvas =
    .aria-label = Numbrite kaart: iga punkt on üks testandmestiku number, värvitud oma klassi järgi
map-keys = Osuta punktile või vii fookus kaardile ja liigu nooleklahvidega numbrilt numbrile (Home: esimene, Escape: mitte ükski).
map-text = Kaart sõnadega
map-none = Treeni või laadi mudel, et näha, kuhu see numbrid paigutab.
map-waiting = Töötaja paigutab numbreid…
map-help = { $digits } testandmestiku numbrit, paigutatud peakomponentide analüüsiga ({ $layer }): paremale suund, milles need kõige rohkem erinevad ({ $first }% dispersioonist), üles järgmine ({ $second }%). Numbrid, mida mudel peab sarnaseks, on lähestikku.
map-of-logits = mudeli väljundid enne softmaxi (logitid)
map-of-pixels = nende pikslid (lineaarsel mudelil pole peidetud kihti)
map-of-hidden = viimane peidetud kiht ({ $features } väärtust numbri kohta)
map-focus = Testnumber { $index }: tegelik { $truth }, ennustatud { $predicted }
map-focus-alt = testandmestiku number, { $truth }
map-focus-none = Osuta punktile, et näha selle numbrit.
map-drawing = sinu joonistus
map-table-caption = Iga klass kaardil: kus on selle keskpunkt ja kui hajusad on selle numbrid
map-col-class = klass
map-col-digits = numbreid
map-col-centre = keskpunkt (paremale; üles)
map-col-spread = hajuvus
map-pair = { $a } ja { $b } ({ $percent }% on teise keskpunktile lähemal)
map-overlap = Kattuvad kõige rohkem: { $pairs }.
map-overlap-none = Ükski klass ei kattu: iga number on oma klassi keskpunktile kõige lähemal.
conv-h = Konvolutsioon samm-sammult
conv-help = Vali esimese konvolutsiooni filter ja sisend. 5×5 aken liigub üle pildi: tunnuskaardi iga lahter on akna pikslite ja filtri kaalude korrutiste summa pluss nihe (bias), läbi aktivatsioonifunktsiooni. Seejärel jätab 2×2 max pooling alles iga nelja lahtri suurima.
conv-filter = Filter
conv-input = Sisend
conv-speed = Kiirus
conv-speed-slow = aeglane
conv-speed-medium = keskmine
conv-speed-fast = kiire
conv-speed-fastest = kiireim
conv-play = Esita
conv-pause = Paus
conv-step = Samm
conv-image =
    .aria-label = Sisendpilt koos aknaga
conv-image-caption = sisend ja aken
conv-kernel =
    .aria-label = Filtri kaalud (sinine negatiivne, punane positiivne)
conv-kernel-caption = filter
conv-map =
    .aria-label = Tunnuskaart: vali lahter nooleklahvidega
conv-map-caption = tunnuskaart
conv-pool =
    .aria-label = Pärast max poolingut: vali lahter nooleklahvidega
conv-pool-caption = pärast 2×2 max poolingut
conv-keys = Klõpsa kaardi lahtril või fokusseeri kaart ja kasuta nooleklahve (Home: esimene lahter, End: viimane).
conv-filter-n = filter { $n }
conv-input-sample = testnumber { $index } ({ $label })
conv-input-drawing = sinu joonistus
conv-no-drawing = Joonista kõigepealt number joonistusalale.
conv-products = Akna pikslid × filtri kaalud
conv-pool-four = Neli lahtrit
conv-cell = Rida { $row }, veerg { $col }: summa { $sum } + nihe { $bias } → { $act } { $value }
conv-pool-cell = Pooling, rida { $row }, veerg { $col }: suurim arvudest { $values } → { $value }

## Draw a digit

sketch-h = Joonista number
sketch-pad =
    .aria-label = Joonistusala: joonista number hiire, pliiatsi, sõrme või klaviatuuriga
sketch-keys = Klaviatuur: nooleklahvid liigutavad pliiatsit (Shift: kaugemale), tühik langetab või tõstab selle, Delete kustutab.
sketch-clear = Kustuta
sketch-prediction = Ennustus:
sketch-sees = Mida mudel näeb (28×28):
sketch-input =
    .aria-label = Joonistus mudeli 28×28 sisendina
sketch-bars =
    .aria-label = Iga klassi tõenäosus
sketch-no-model = treeni või laadi kõigepealt mudel
sketch-wrong-size = see mudel pole 28×28 piltide jaoks
why-answer = Miks { $name }?
why-not = Miks mitte { $name }?
why-answer-alt = soojuskaart: millised pikslid tõstsid (punane) või langetasid (sinine) klassi { $name } skoori
why-not-alt = soojuskaart: millised pikslid tõstsid (punane) või langetasid (sinine) klassi { $name } skoori (seda klassi mudel ei valinud)
why-help = Miks see vastus: iga piksli tint korda klassi skoori gradient (gradient × sisend). Punased pikslid tõstsid skoori, sinised langetasid; täisvärv = ±{ $scale }.
why-empty = Joonista number: selle kõrval, mida mudel näeb, näitab kaart, millised pikslid vastuse andsid.

## 5. Held-out test digits

eval-h = 5. Testandmestiku numbrid
eval-accuracy = Täpsus:
eval-help = Read on tegelikud numbrid, veerud ennustused. Klõpsa arvul, et neid numbreid näha.
eval-matrix =
    .aria-label = Segadusmaatriks: read on tegelikud numbrid, veerud ennustused
eval-per-class = Täpsus klasside kaupa
eval-misclassified = Valesti klassifitseeritud numbrid
eval-corner = tegelik \ ennustatud
eval-cell = { $count } numbrit: tegelik { $truth }, ennustatud { $predicted }
gallery-correct = Õigesti tuvastatud { $name }: { $count } numbrit (kindlamad eespool)
gallery-confused = Tegelik { $truth }, ennustatud { $predicted }: { $count } numbrit (kindlamad eespool)
gallery-mistakes = Valesti klassifitseeritud numbrid: { $count } / { $total } (kõige enesekindlamad vead eespool)
gallery-alt = testnumber { $index }: tegelik { $truth }, ennustatud { $predicted } { $percent }% kindlusega
gallery-more = … ja veel { $count }
gallery-explain = { $digit }. Näita, miks
explain-h = Testnumber { $index }: tegelik { $truth }, ennustatud { $predicted } ({ $percent }%)
explain-digit = sisend
explain-digit-alt = testandmestiku number, { $truth }
explain-close = Sulge

## 6. Keep and share

file-h = 6. Salvesta ja jaga
file-save = Salvesta mudel (.safetensors)
file-notebook = Jätka oma märkmikus (PyTorch)
    .title = Laadib alla kaalud ja PyTorchi skripti, mis need laadib ja testib
file-load = Laadi mudel
file-kept = Viimati treenitud või laaditud mudel hoitakse ka selles brauseris, nii et uuesti laadimine seda ei kaota.
file-saved = Salvestatud { $name } ({ $size } kB).
file-save-failed = Salvestamine ebaõnnestus: { $error }
file-no-gzip = see brauser ei oska faili gzip-vormingusse pakkida
file-exported = Salvestatud { $name } ja { $script }: hoia neid kõrvuti ja käivita skript (pip install torch torchvision safetensors).
file-export-failed = Eksportimine ebaõnnestus: { $error }
file-load-failed = Mudeli laadimine ebaõnnestus: { $error }
file-loaded = Laaditud { $name }: { $model }, { $params } parameetrit{ $kept }
file-trained = Treenitud { $name }{ $kept }
file-stored = ; hoitud selles brauseris: uuesti laadimine toob selle tagasi.
file-not-stored = ; { $size } MB suurusena ei mahtunud see brauserisse ({ $error }): kasuta hoidmiseks Salvesta.
file-restored = Taastatud { $name } sinu eelmisest külastusest. Treeni, et see asendada, või Lähtesta.
status-restored = Sinu viimane mudel on taastatud; seda hinnatakse allpool. Vajuta Treeni, et alustada uut treenimist.
file-not-restored = Eelmise külastuse mudelit ei taastatud: { $error }
status-loading-pretrained = Laadin eeltreenitud CNN-i, et saaksid kohe numbri joonistada…
file-pretrained = Eeltreenitud CNN ({ $name }), testnumbritel { $percent }% — treeni oma, et see asendada.
status-pretrained = Eeltreenitud CNN on laaditud (testnumbritel { $percent }%): joonista joonistusalale number, et seda proovida. Vajuta Treeni, et treenida oma.
file-pretrained-failed = Eeltreenitud mudelit ei saanud laadida ({ $error }): treeni joonistusala jaoks oma mudel.
file-pretrained-scoring = Eeltreenitud CNN ({ $name }): joonista number, et seda proovida. Tulemus testnumbritel tuleb, kui need on laaditud.
share-button = Jaga / manusta see seadistus
share-label = Link ja iframe'i kood kursuse lehe jaoks
share-fix-first = Paranda kõigepealt seaded: { $error }
share-iframe-title = MNIST-i mänguväljak

## Data loading

storage-none = see brauser ei anna lehele salvestusruumi
storage-full = brauseri salvestusruum on täis või blokeeritud
file-none-chosen = faili pole valitud
data-not-loaded = andmed pole veel laaditud

data-loading = Laadin: { $name }…
data-reading-files = Loen sinu faile…
data-loaded = { $name }: { $train } treeningpilti, { $test } testpilti. Vajuta Treeni.
data-loaded-scoring = { $name }: { $train } treeningpilti, { $test } testpilti. Hindan mudelit nendel…
data-loaded-kept = { $name }: { $train } treeningpilti, { $test } testpilti; alles jäänud mudeli täpsus neil on { $percent }%. Vajuta Treeni, et treenida uus.
data-not-served = { $name } pole selle lehe kõrval saadaval ({ $error }); ava failid failivalijaga või vaata README-d
data-files-not-found = { $names } hulgast ei leitud treeningpilte ja märgendeid: oodatud on nimed nagu train-images-idx3-ubyte.gz ja train-labels-idx1-ubyte.gz
data-your-files = sinu failid ({ $name })
data-still-in-use = { $error } (varem laaditud andmed on endiselt kasutusel)
data-model-mismatch = mudel { $model } on { $rows }×{ $cols } piltide ja { $classes } klassi jaoks; andmestikus { $data } on { $drows }×{ $dcols } pildid ja { $dclasses } klassi
data-name-embedded = MNIST, 10 000 numbrit (kaasas)
data-name-3v7 = MNIST, kolmed ja seitsmed (kaasas)
data-name-mnist = MNIST, täielik 60 000 + 10 000
data-name-fashion = Fashion-MNIST
data-name-digits = 8×8 numbrid (scikit-learn)

## Fashion-MNIST classes

fashion-0 = T-särk/topp
fashion-1 = Püksid
fashion-2 = Pullover
fashion-3 = Kleit
fashion-4 = Mantel
fashion-5 = Sandaal
fashion-6 = Särk
fashion-7 = Tossud
fashion-8 = Kott
fashion-9 = Poolsaabas

## The worker

worker-stopped = treeningu töölõim peatus
worker-unsendable = sellele ei õnnestunud sõnumit saata: { $error }

## Lessons (one block per lesson: title, paragraphs, what to try next, what the result is)

lesson-tensors-title = 1. Tensorid ja pikslid
lesson-tensors-p1 = Arvuti jaoks on pilt arvude tabel. Iga MNIST-i number on 28×28 tensor: järk 2 (read ja veerud), 784 väärtust 0-st (must) 1-ni (valge tint).
lesson-tensors-p2 = Vali number ning read ja veerud, mida näidata: allolev tabel on sama tensor mis pilt, iga lahter varjutatud oma väärtuse järgi. Selliste piltide virn on 3. järku tensor [pildid, read, veerud].
lesson-tensors-try1 = Leia read, kus ühe tint algab ja lõpeb.
lesson-tensors-try2 = Võrdle ühe ja kaheksa keskmist piksliväärtust: kummal on rohkem tinti?
lesson-tensors-result = selle numbri keskmine piksliväärtus (arvutatud mootoriga)

lesson-pixel-similarity-title = 2. Pikslite sarnasus: baastase
lesson-pixel-similarity-p1 = Enne igasugust õppimist: võta treeningandmestiku kõigi kolmede keskmine piksel pikslihaaval, et saada „ideaalne kolm“, ja sama iga numbri jaoks.
lesson-pixel-similarity-p2 = Tundmatu numbri klassifitseerimiseks mõõda, kui kaugel see on igast ideaalsest numbrist — keskmine absoluutne erinevus (L1) või ruutkeskmine viga (RMSE) üle 784 piksli — ja vali lähim. Selle täpsus testandmestikul on baastase, mille iga mudel peab ületama.
lesson-pixel-similarity-try1 = Milliseid numbripaare baastase segi ajab?
lesson-pixel-similarity-try2 = Miks karistab RMSE üksikuid suuri erinevusi rohkem kui L1?
lesson-pixel-similarity-try3 = Mine edasi 4. tundi ja ületa see arv õppiva mudeliga.
lesson-pixel-similarity-result = lähima keskmise baastaseme täpsus 3 vs 7 testandmetel (L1)

lesson-quadratic-title = 3. Gradientlaskumine käsitsi
lesson-quadratic-p1 = Ameerika mägede kiirust mõõdeti 20 ajahetkel, müraga. Oleta, et kiirus = a·t² + b·t + c, ja alusta juhuslikest a, b, c.
lesson-quadratic-p2 = Igal sammul: ennusta, arvuta keskmine ruutviga (kadu), lase autogradil arvutada kao gradient a, b ja c järgi ning nihuta iga parameetrit natuke gradiendi vastu: p ← p − lr · gradient. Siis nulli gradiendid ja korda.
lesson-quadratic-try1 = Tee õpimäär 10 korda suuremaks: kas kadu ikka langeb?
lesson-quadratic-try2 = Ja 100 korda suuremaks?
lesson-quadratic-try3 = Tee 100 sammu: kui lähedale punktidele kõver jõuab?
lesson-quadratic-result = keskmine ruutviga seni tehtud sammude järel

lesson-3v7-title = 4. 3 vs 7 ühe lineaarse neuroniga
lesson-3v7-p1 = Üks kaal piksli kohta ja nihe: skoor = x·w + b. Sigmoid σ(skoor) teeb sellest tõenäosuse, et number on seitse.
lesson-3v7-p2 = Kadu (mnist_loss) on where(target = 7, 1 − p, p).mean(): kui kaugel iga ennustus tõest on. Iga samm minipartiil (step, siis zero_grad) nügib w-d ja b-d; partii täpsus loeb kokku (p > 0.5) = target.
lesson-3v7-try1 = Lisa peidetud kiht: mudel logistic:30 on võrk 784-30-1.
lesson-3v7-try2 = Õpimäär 0.1 ja 10: kumb õpib kiiremini ja kumb on ebastabiilne?
lesson-3v7-try3 = Joonista joonistusalale kolm ja seitse.
lesson-3v7-result = täpsus testandmestikul

lesson-linear-title = 5. Kümme numbrit, üks lineaarne kiht
lesson-linear-p1 = Kümme skoori, üks iga numbri kohta, igaüks pikslite kaalutud summa: θ on 10×28×28 pluss 10 nihet. Softmax teeb skooridest tõenäosused ja ristentroopia on kadu; treenib tavaline SGD.
lesson-linear-p2 = Kaks treenimist kõrvuti. Esimene algab kaaludest standardhälbega 1 töötlemata pikslitel: iga skoor on umbes 150 tindiga piksli summa korda N(0, 1), nii et see algab umbes ±12 juurest, softmax on küllastunud, enamik gradiente on peaaegu null ja õppimine roomab (kursusel jääb see 20 epohhi järel 63% juurde kinni). Teine kasutab väikesi algkaalusid (PyTorchi ±1/√784) ja standardiseeritud piksleid: skoorid algavad nulli lähedalt ja iga näide õpetab.
lesson-linear-try1 = Anna esimesele väiksem õpimäär või rohkem epohhe: kas see jõuab järele?
lesson-linear-try2 = Vaata pärast treenimist kümmet kaalupilti: kas näed numbreid?
lesson-linear-try3 = Joonista number ja loe „Miks see vastus“ selle kõrval, mida mudel näeb: punased pikslid tõstsid vastuse skoori, sinised langetasid (selle mudeli puhul on iga väärtus piksel korda selle kaal). Seejärel numbrite kaart 4. osas: millised numbrid on juba pikslite järgi üksteisest eemal?
lesson-linear-result = parim lõplik täpsus testandmestikul
lesson-linear-run1 = algkaalud std 1, töötlemata pikslid, lr 1
lesson-linear-run2 = väikesed algkaalud, standardiseeritud pikslid, lr 0.1

lesson-deeper-title = 6. Sügavamale
lesson-deeper-p1 = Pane kihid virna, vahel mittelineaarsus: Deep(20, 40, 20, 12) on 784-20-40-20-12-10. Ilma aktivatsioonifunktsioonita oleks virn ikka üks lineaarne teisendus.
lesson-deeper-p2 = Sama võrgu viis treenimist: ReLU, sigmoid ja tanh tavalise SGD-ga, siis ReLU impulsiga (gradientide jooksev keskmine) ja Adamiga (oma sammu pikkus igale parameetrile).
lesson-deeper-try1 = Proovi laia madalat 784-30-10: mudel mlp:30.
lesson-deeper-try2 = AdamW: Adam lahutatud kaalukahanemisega (optimeerija adamw).
lesson-deeper-try3 = Rohkem epohhe: milline aktivatsioon lõpuks võidab?
lesson-deeper-try4 = Numbrite kaart (4. osa) paigutab testandmestiku numbrid viimase peidetud kihi järgi: kas klassid eralduvad rohkem kui 5. tunni pikslites? Vaata seda treenimise ajal ja lülita logititele.
lesson-deeper-result = parim lõplik täpsus testandmestikul
lesson-deeper-run1 = ReLU, SGD
lesson-deeper-run2 = sigmoid, SGD
lesson-deeper-run3 = tanh, SGD
lesson-deeper-run4 = ReLU, impulss
lesson-deeper-run5 = ReLU, Adam

lesson-small-data-title = 7. Vähe andmeid: 8×8 numbrid
lesson-small-data-p1 = 1797 pisikest 8×8 numbrit (scikit-learnist), 20% hoitakse testiks kõrvale. Kõigepealt traditsiooniline viis, millest kursuse märkmik algab: juhuslik mets 64 pikslil (10 puud sügavusega 10, nagu scikit-learni RandomForestClassifier(n_estimators=10, max_depth=10)), treenitud sinu brauseris. Selle täpsus testandmestikul, üleval, on arv, mida võrk peab ületama.
lesson-small-data-p2 = Võrk on 64-52-52-10 sigmoidsete aktivatsioonidega. Õpimäära uuring: sama võrk viie õpimääraga, iga kõver on täpsus testandmestikul epohhi kaupa. Liiga väike roomab, liiga suur põrkab või hajub; parim on tavaliselt veidi allpool suurimat, mis veel töötab. Tabel näitab ka treeningtäpsust: kui see testtäpsusest eemaldub, on võrk ülesobitumas. Katkendjoon on juhuslik mets: millised õpimäärad selle ületavad?
lesson-small-data-try1 = Minipartii suurus: 8 ja 256.
lesson-small-data-try2 = Ülesobitamine: 200 epohhi, siis dropout 0.3.
lesson-small-data-try3 = Valesti klassifitseeritud numbrid: kas need on ka sulle rasked?
lesson-small-data-try4 = Juhuslik mets 100 puuga või sügavusega 3: kui palju see võidab või kaotab?
lesson-small-data-result = uuringu parim lõplik täpsus testandmestikul
lesson-small-data-run1 = lr 0.03
lesson-small-data-run2 = lr 0.1
lesson-small-data-run3 = lr 0.3
lesson-small-data-run4 = lr 1
lesson-small-data-run5 = lr 3

lesson-convolutions-title = 8. Konvolutsioonid
lesson-convolutions-p1 = Konvolutsioon libistab üle pildi väikest filtrit (siin 5×5) ja kirjutab, kui hästi iga pildilõik sellega sobib: tunnuskaart. Samu vähest kaalu kasutatakse kõikjal, nii et joon tuntakse ära, kus see ka poleks.
lesson-convolutions-p2 = Sellel CNN-il on 8 filtrit, pooling (iga 2×2 suurim väärtus), 16 filtrit nende kaartide peal, uuesti pooling ja siis lineaarne kiht kümne skoorini. Allpool: õpitud filtrid, mida need testandmestiku numbrist teevad, ja „Konvolutsioon samm-sammult“: vali filter ja number (või oma joonistus) ning vaata, kuidas 5×5 aken arvutab tunnuskaardi iga lahtri, seejärel poolingu.
lesson-convolutions-try1 = Rohkem filtreid: mudel cnn:16,32,128.
lesson-convolutions-try2 = Kaks või kolm epohhi: kui lähedale 99%-le see jõuab?
lesson-convolutions-try3 = Joonista number keskelt eemale: kas CNN tunneb selle ikka ära?
lesson-convolutions-try4 = Klõpsa 6. osas valesti klassifitseeritud numbrit: kaardid näitavad, millised pikslid andsid CNN-i vastuse ja millised rääkisid tegeliku klassi poolt. Numbrite kaart näitab, milliseid klasse selle viimane kiht veel segi ajab.
lesson-convolutions-result = täpsus testandmestikul

## The lessons' live parts

tensors-digit = Number (indeks)
tensors-rows-from = Read alates
tensors-columns-from = Veerud alates
tensors-to = kuni
tensors-status = Vaheta numbrit või näidatavaid ridu ja veerge.
tensors-shape = Number { $index } on märgendiga { $label }. See pilt: kuju [{ $rows }, { $cols }], järk { $rank }. Kõik { $count } treeningpilti: kuju [{ $n }, { $rows }, { $cols }], järk 3. Näidatud: read { $r0 }–{ $r1 }, veerud { $c0 }–{ $c1 }.
tensors-label = märgend { $name }
tensors-digit-alt = number
tensors-table = numbri piksliväärtused
similarity-working = Arvutan treeningnumbrite keskmised ja mõõdan iga testnumbri kaugust igast keskmisest…
similarity-ideal = Iga klassi keskmine number („ideaalne kolm“)
similarity-mean-alt = klassi { $name } keskmine pilt
similarity-held-out = Täpsus testandmestikul
similarity-3v7 = 3 vs 7
similarity-all = kõik kümme numbrit
similarity-unknown = Tundmatu number ja selle kaugus igast keskmisest
similarity-digit = Testnumber (indeks)
similarity-status = Lähima keskmise baastase: { $v37 }% testandmestiku kolmedel ja seitsmetel, { $all }% kõigil kümnel numbril (L1).
similarity-truly = tegelikult { $name }
similarity-unknown-alt = tundmatu number
similarity-average-of = keskmine:
metric-l1 = L1
metric-rmse = RMSE
similarity-l1 = L1-kaugus
quadratic-step = Samm
quadratic-ten = 10 sammu
quadratic-reset = Alusta uuesti
quadratic-chart = Kiirused (punktid) ja sobitatud kõver
quadratic-status = Vajuta Samm: ennusta, mõõda kadu, võta gradient, astu samm.
quadratic-lr-nan = õpimäär pole arv
quadratic-lr-bad = õpimäär { $lr } peab olema lõplik arv ≥ 0
quadratic-params = a = { $a }, b = { $b }, c = { $c } pärast { $steps ->
    [one] { $steps } sammu
   *[other] { $steps } sammu
}
quadratic-log = kadu { $loss }
quadratic-diverged = Kadu pole enam lõplik arv: sammud lähevad üle. Alusta uuesti väiksema õpimääraga.
compare-run = Käivita võrdlus
compare-chart = Iga treenimise täpsus testandmestikul epohhi kaupa
compare-run-col = treenimine
compare-train-col = treeningtäpsus
compare-val-col = testtäpsus
compare-status = Treenimine { $run }/{ $runs }: { $label }…
compare-done = Kõik { $runs } treenimist tehtud; parim jõudis testnumbritel { $percent }%-ni (selle mudel on allpool).
forest-beat = Ületatav arv: juhuslik mets
forest-trees = Puid
forest-depth = Sügavus
forest-run = Treeni metsa
forest-training = Kasvatan taustal juhuslikku metsa: valmis { $grown } puud { $trees }-st (sügavus { $depth })…
forest-done = Juhuslik mets (puid { $trees }, sügavus { $depth }, seeme { $seed }): { $total } testnumbrist { $percent }% õigesti, treenitud { $seconds } sekundiga. Võrk peab selle ületama.
forest-legend = juhuslik mets, { $percent }%

## Messages from the engine

diverged = kadu muutus väärtuseks { $loss } epohhis { $epoch } sammuks { $step }: treenimine peatati ja viimased töötavad kaalud taastati. Proovi väiksemat õpimäära (praegu { $lr }).
url-ignored = jäeti vahele { $key }={ $value }: { $reason }
url-not-a-setting = pole seade

## course.html (an example course page that embeds two lessons)

course-title = Kursuse lehe näide — MNIST-i mänguväljaku tunnid
course-h = 2. nädal: baastasemest õppiva mudelini
course-intro = See leht näitab, kuidas kursuse sait mänguväljaku manustab: iga tund on iframe, mille aadress sisaldab tundi, embed=1 kompaktse paigutuse jaoks ja origins= selle saidi nimega — ainsa, kelle käske tund täidab. Tunnid teatavad sündmustest sellele lehele (allpool).
course-lesson2 = 2. tund: pikslite sarnasuse baastase
course-lesson2-frame =
    .title = 2. tund: pikslite sarnasus
course-lesson4 = 4. tund: 3 vs 7 ühe lineaarse neuroniga
course-lesson4-frame =
    .title = 4. tund: 3 vs 7
course-start = Alusta treenimist
course-faster = Sea lr 2, 2 epohhi
course-events = Tundide sündmused

## Bad input (what the URL, the form or a file got wrong)

error-setting = { $key } { $value }: { $reason }
error-flag = 1 või 0
error-number-range = arv vahemikus { $lo } kuni { $hi }
error-hide = { $name } ei saa peita (üks järgmistest: { $names })
error-origins = kõige rohkem 10 päritolu (origins)
error-loss = tundmatu kadu { $name } (cross-entropy, sigmoid või bce)
error-optimizer = tundmatu optimeerija { $name } (sgd, momentum, adam või adamw)
error-activation = tundmatu aktivatsioonifunktsioon { $name } (relu, sigmoid või tanh)
error-dropout = dropout { $value } on väljaspool vahemikku [0, 0,95)
error-layer-width = kihi laius { $value } mudelis { $model } pole täisarv 1..={ $max }
error-channel-count = kanalite arv { $value } mudelis { $model } pole täisarv 1..={ $max }
error-too-many-layers = { $count } peidetud kihti on rohkem kui { $max }
error-cnn-numbers = mudel { $model }: cnn võtab 2 või 3 arvu (cnn:C1,C2 või cnn:C1,C2,PEIDETUD)
error-unknown-model = tundmatu mudel { $model } (linear, logistic, logistic:H1,…, mlp:H1,H2,… või cnn)
error-cross-entropy-one-output = ristentroopia vajab iga klassi jaoks ühte väljundit; sellel mudelil on üks väljund
error-loss-needs-one-output = kadu { $loss } vajab ühe väljundiga mudelit (logistic)
error-logistic-two-classes = logistic vajab kahe klassiga andmestikku (nt klassid 3,7); sellel on { $classes } klassi
error-too-many-parameters = mudelil { $model } on { $count } parameetrit, rohkem kui piir { $max }
error-init = init { $value } pole positiivne standardhälve
error-epochs = epohhide arv { $value } on väljaspool vahemikku 1..=10000
error-batch-zero = minipartii suurus 0: minipartiis peab olema vähemalt üks näide
error-batch-too-big = minipartii suurus { $batch } on suurem kui { $count } treeningnäidet
error-lr = õpimäär { $value } pole arv vahemikus (0, 100]
error-not-gzip = { $name }: nimi lõpeb .gz, aga see pole gzip-andmed
error-image-dims = piltide mõõtmed on { $dims }, oodatud [arv, read, veerud]
error-label-dims = märgendite mõõtmed on { $dims }, oodatud [arv]
error-count-mismatch = { $images } pilti, aga { $labels } märgendit
error-label-range = pildi { $index } märgend { $label } pole klass 0..{ $max }
# Sinu numbrid (own_digits.rs) ja mudeli õpetamine (töötaja)
own-digits-images-file = piltide fail
own-digits-labels-file = märgendite fail
own-digits-not-28 = { $name }: numbrid on { $rows }×{ $cols } pikslit, mitte 28×28
own-digits-empty = { $name }: failis pole ühtegi numbrit
teach-no-digits = sinu numbreid, mida mudelile õpetada, pole: joonista mõned ja anna neile märgendid
teach-not-digits = õpetamiseks on vaja 28×28 piksli suuruseid numbreid kümnes klassis (MNIST-i numbrid), nii sinu kui andmestiku omi
teach-the-model = õpetatav mudel
teach-model-misfit = mudel võtab { $rows }×{ $cols } pilte { $classes } klassis; sinu numbrid on 28×28 ja 10 klassi
teach-no-data = andmeid pole saadetud: korratavad ja testandmestiku numbrid tulevad sealt
teach-bad-steps = { $steps } sammu { $batch } numbriga: õpetamine võtab vähemalt ühe sammu ja kokku kõige rohkem { $max } numbrit
teach-bad-replay = { $value } korratavat numbrit sinu numbri kohta on rohkem kui { $max }
forest-bad-trees = puid { $value }: mets võtab täisarvu 1 kuni { $max }
forest-bad-depth = sügavus { $value }: täisarv 1 kuni { $max }
forest-one-class = juhuslik mets vajab vähemalt kahe klassi numbreid

## Sinu numbrid (oma käekiri)
data-own = Sinu numbrid (siin joonistatud)
data-with-own = MNIST + sinu numbrid
data-name-own = sinu numbrid
data-name-with-own = MNIST + sinu numbrid
own-label-h = Hoia see joonistus alles ühe sinu numbrina:
own-right = Õige
own-it-is = See on
own-is-0 = 0
    .aria-label = See on 0
own-is-1 = 1
    .aria-label = See on 1
own-is-2 = 2
    .aria-label = See on 2
own-is-3 = 3
    .aria-label = See on 3
own-is-4 = 4
    .aria-label = See on 4
own-is-5 = 5
    .aria-label = See on 5
own-is-6 = 6
    .aria-label = See on 6
own-is-7 = 7
    .aria-label = See on 7
own-is-8 = 8
    .aria-label = See on 8
own-is-9 = 9
    .aria-label = See on 9
own-h = Sinu numbrid
own-private = Sinu numbrid on ainult selles brauseris (IndexedDB): midagi ei saadeta kuhugi, kui sa neid ise ei ekspordi.
own-export = Ekspordi (MNIST IDX, .gz)
own-import = Impordi IDX-failid
own-clear = Kustuta kõik…
own-clear-yes = Kustuta kõik
own-clear-no = Jäta alles
own-how-h = Kuidas mudel sinu numbritega hakkama saab
own-confusion =
    .aria-label = Sinu numbrid: read on see, mida sina ütlesid, veerud mudeli vastus
own-teach-h = Õpeta mudelile oma numbreid
own-teach-about = Treenib praegust mudelit edasi sinu numbritel, segatuna korratud treeningnäidetega, et see ülejäänut ei unustaks. Iga neljas number igast liigist pannakse kõrvale: enne ja pärast mõõdetakse nendel ja testandmestikul.
own-replay = Korratud treeningnäiteid sinu iga numbri kohta
own-steps = Sammud
own-per-digit = Igast numbrist kõige rohkem nii palju (0: kõik)
own-teach = Õpeta mudelile oma numbreid
own-reading = Loen sinu numbreid brauserist…
own-summary = { $count ->
    [0] Numbreid veel pole: joonista üks ülal ja ütle, mis see on.
    [one] 1 number ({ $held } kõrvale pandud õppimise mõõtmiseks).
   *[other] { $count } numbrit ({ $held } kõrvale pandud õppimise mõõtmiseks).
}
own-row = { $digit }: { $count }
own-thumb = sinu { $digit }, mudel vastab { $answer }{ $held ->
    [yes] , kõrvale pandud
   *[no] {""}
}
own-thumb-unscored = sinu { $digit }{ $held ->
    [yes] , kõrvale pandud
   *[no] {""}
}
own-delete = Kustuta
own-delete-one = Kustuta { $what }
own-confirm = Kas kustutada brauserist kõik sinu { $count } numbrit? Seda ei saa tagasi võtta (ekspordi need enne, kui tahad koopiat).
own-kept = Alles hoitud kui { $digit } (selle numbri kohta nüüd { $count }).
own-deleted = Kustutatud: { $digit }.
own-cleared = Kustutatud kõik { $count } numbrit.
own-draw-first = Joonista kõigepealt number.
own-wrong-size = See mudel ei võta 28×28 numbreid.
own-no-answer = Vastavat mudelit veel pole: vali number nupuga „See on …“.
own-full = Sinu kogus saab olla kuni { $max } numbrit.
own-nothing-to-export = Eksportida pole veel midagi.
own-exported = Eksporditud { $count } numbrit failidena { $images } ja { $labels }.
own-imported = Imporditud { $count } numbrit.
own-import-refused = Ei imporditud (sinu numbrid on endised): { $error }
own-import-two-files = vali korraga piltide fail ja siltide fail (saadi: { $names })
own-not-stored = Sinu numbreid ei õnnestunud brauserisse salvestada: { $error }
own-storage-bad = Brauseris hoitud numbreid ei saanud lugeda ja neid eiratakse.
own-storage-failed = Sinu numbreid ei õnnestunud brauserist lugeda: { $error }
own-no-storage = see brauser ei paku siin IndexedDB salvestust
own-score-failed = Sinu numbreid ei õnnestunud hinnata: { $error }
own-accuracy = { $percent } õigesti ({ $correct }/{ $count }); { $held_count } kõrvale pandud numbril: { $held }
own-accuracy-none = –
own-accuracy-waiting = hindan…
own-field-range = { $value } ei ole täisarv vahemikus { $min } kuni { $max }
own-teach-plan = Õpetatakse { $taught } sinu numbrit: { $steps } sammu 32 numbriga, neist { $shown } sinu omad (igaüks nähtud mitu korda) ja { $replayed } korratud treeningnäidet.
own-teach-no-model = õpetatavat mudelit pole: ava või treeni enne üks
own-teach-not-digits = õpetamiseks on vaja 28×28 numbrite 0–9 mudelit ja andmeid (MNIST)
own-teach-none = õpetatavaid numbreid veel pole: igast numbrist õpetatakse esimesed 3, iga neljas pannakse kõrvale
own-teaching = Õpetan mudelile { $count } sinu numbrit ({ $replay } korratud numbri kohta, { $steps } sammu)…
own-taught = Valmis. Sinu kõrvale pandud numbrid: { $before } → { $after }; testandmestik: { $test_before } → { $test_after }.
own-compare-running = Õpetan… enne ja pärast ilmuvad, kui see lõpeb.
own-compare-caption = Viimane õpetamine: { $taught } sinu numbrit, { $replay } korratud numbri kohta, { $steps } sammu.
own-before = Enne
own-after = Pärast
own-compare-own = Sinu numbrid, mida talle ei õpetatud ({ $count })
own-compare-test = Testandmestik
own-data-too-few = sinu { $count } numbrit on jagamiseks liiga vähe: märgista vähemalt 4 ühte numbrit (iga neljas pannakse kõrvale) ja mõned teised

lesson-own-digits-title = 9. Sinu oma käekiri
lesson-own-digits-p1 = Mudel on täpselt nii hea kui numbrid, mida ta on näinud. Eeltreenitud CNN õppis 8000 MNIST-i numbrist, mille kirjutasid Ameerika õpilased ja kontoritöötajad: kuidas saab ta hakkama sinu omadega? Joonista alale number ja vajuta „Õige“, kui vastus oli õige, või „See on …“ numbriga, mida sa mõtlesid. Iga vastus hoiab su joonistuse alles jaotises „Sinu numbrid“ (ainult selles brauseris).
lesson-own-digits-p2 = Joonista igat numbrit vähemalt viis korda. „Kuidas mudel sinu numbritega hakkama saab“ näitab täpsust ja milliseid su numbreid ta segi ajab. Iga neljas number igast liigist pannakse kõrvale ja seda ei õpetata: nii näeme, kas mudel õppis su käekirja või ainult näidatud näited.
lesson-own-digits-p3 = Seejärel vajuta „Õpeta mudelile oma numbreid“: mudelit treenitakse edasi sinu numbritel, igaüks segatud 4 korratud treeningnäitega. Enne ja pärast on kõrvuti: sinu kõrvale pandud numbrid (mis võideti) ja testandmestik (mis ununes). Joonistusala vastab nüüd õpetatud mudeliga.
lesson-own-digits-try1 = Mine tagasi eeltreenitud mudeli juurde ja õpeta uuesti, kasutades igast numbrist kõige rohkem 1: ta õpib need ja vähe muud — võrdle kõrvale pandud numbrite täpsust.
lesson-own-digits-try2 = Pane korratud näidete arvuks 0 ja õpeta: ainult sinu numbrid, palju samme. Kui palju langeb täpsus testandmestikul? See on unustamine.
lesson-own-digits-try3 = Vali andmete menüüst „Sinu numbrid“ ja treeni mudel algusest peale ainult nendel või „MNIST + sinu numbrid“, et treenida mõlemal.
lesson-own-digits-result = täpsus sinu kõrvale pandud numbritel pärast õpetamist
lesson-own-digits-status = Joonista number ja ütle siis, kas mudel vastas õigesti.
own-back-pretrained = Tagasi eeltreenitud mudeli juurde
own-teach-wait = sinu numbreid hinnatakse selle mudeliga: õpeta, kui nende tulemus on näha
own-not-while-teaching = Mitte siis, kui mudelit õpetatakse: kõrvale pandud numbrid sõltuvad nende järjekorrast.
own-pretrained-needs-digits = eeltreenitud CNN loeb MNIST-i numbreid: vali enne manustatud numbrid, MNIST või sinu numbrid
own-accuracy-no-model = numbrite 0–9 mudelit, millega neid hinnata, veel pole
own-accuracy-after-run = hinnatakse, kui treenimine lõpeb
own-compare-on = Mõõdetud
own-storage-unusable = brauseri salvestust (IndexedDB) ei saanud kasutada
