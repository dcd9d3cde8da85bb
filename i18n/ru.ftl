# MNIST playground — русский. Термины — как в курсе по MLP (../shared/GLOSSARY.md).

language-name = Русский
language = Язык
app-title = Песочница MNIST

## Header

backend-label = Вычисления:
backend-detecting = определяю…
backend-use = Использовать
backend-choice =
    .aria-label = Где обучать модель (страница перезагрузится)
backend-auto = более быстрое (авто)
backend-webgpu = WebGPU
backend-cpu = CPU
backend-line-gpu = WebGPU — { $adapter }
backend-line-page = { $backend } (в потоке страницы)
backend-line-cpu-url = CPU — адрес требует CPU (backend=cpu)
backend-line-cpu-chosen = CPU — выбран вместо: { $reason }
backend-line-cpu-no-webgpu = CPU — в этом браузере нет WebGPU ({ $reason })
backend-line-cpu-lost = CPU — видеокарта потеряна
backend-no-webgpu = нет WebGPU
backend-hardware = видеокарта
backend-probe-gpu = программный WebGPU; проба: WebGPU { $gpu } против CPU { $cpu } примеров/с
backend-probe-cpu = программный WebGPU; проба: CPU { $cpu } против WebGPU { $gpu } примеров/с
backend-probe-gpu-failed = проба WebGPU не удалась ({ $error })
backend-probe-cpu-failed = проба CPU не удалась ({ $error })
backend-no-navigator-gpu = navigator.gpu отсутствует: WebGPU выключен или здесь не поддерживается
backend-no-adapter = WebGPU не предложил ни одной видеокарты
fault-kept = { $error }; последние исправные веса сохранены
fault-moved-gpu = { $error }. Обучение перенесено на новую видеокарту и продолжится с весов после эпохи { $epoch }: нажмите «Продолжить».
fault-moved-cpu = { $error }. Обучение перенесено на CPU и продолжится с весов после эпохи { $epoch }: нажмите «Продолжить».
fault-stuck = { $error }; продолжить в другом месте не удалось: { $reason }
status-starting = Запуск…

## Lesson frame

lesson-result = Результат:
lesson-try-next = Что попробовать дальше
lesson-nav =
    .aria-label = Уроки

## 1. Data

data-h = 1. Данные
data-dataset = Датасет
data-embedded = MNIST, 10 000 цифр (встроенный)
data-3v7 = MNIST, тройки и семёрки (встроенный)
data-mnist = MNIST, полный (из data/mnist/)
data-fashion = Fashion-MNIST (из data/fashion/)
data-digits = Цифры 8×8 (scikit-learn, 1797)
data-files-option = Ваши файлы
data-open-files = Или откройте файлы IDX (.gz или без сжатия)
data-full-help = Полный MNIST: выберите или перетащите в этот блок четыре файла:
data-progress =
    .aria-label = Загрузка данных
data-samples =
    .aria-label = Примеры цифр с метками

## 2. Model

model-h = 2. Модель
model-kind = Тип
model-linear = Линейная (один слой)
model-logistic = Логистическая (один нейрон, 2 класса)
model-mlp = MLP (скрытые слои)
model-logistic-mlp = Логистическая сеть (скрытые слои, один выход, 2 класса)
model-cnn = CNN (два свёрточных слоя)
model-activation = Функция активации
activation-relu = ReLU
activation-sigmoid = сигмоида
activation-tanh = tanh
model-dropout = Дропаут
model-loss = Функция потерь
loss-auto = по умолчанию для модели
loss-cross-entropy = кросс-энтропия
loss-sigmoid = сигмоида (mnist_loss)
loss-bce = бинарная кросс-энтропия
model-hidden-layers = Скрытые слои (нейронов)
model-add-layer = Добавить слой
model-layer = Слой { $n }
model-remove-layer = Убрать
    .aria-label = Убрать скрытый слой { $n }
model-convolutions = Свёртки (5×5, после каждой — max-pooling 2×2)
model-conv1 = Каналы свёртки 1
model-conv2 = Каналы свёртки 2
model-dense = Нейроны полносвязного скрытого слоя (0 — нет)
model-as-text = Модель текстом (параметр model в адресе)
model-summary =
    .aria-label = Сводка модели
summary-layer = Слой
summary-shape = Форма выхода
summary-params = Параметры
summary-input = Вход
summary-total = Всего параметров: { $count }
summary-loss = Функция потерь: { $loss }
summary-error = Эту модель не построить: { $error }

## 3. Training

train-h = 3. Обучение
train-optimizer = Оптимизатор
optimizer-sgd = SGD
optimizer-momentum = SGD с моментом
optimizer-adam = Adam
optimizer-adamw = AdamW
train-lr = Скорость обучения
train-batch = Мини-батч
train-epochs = Эпохи
train-seed = Зерно (seed)
train-threads = Воркеры (CPU)
train-threads-input =
    .title = На CPU столько воркеров (ядер) делят каждый мини-батч
workers-default-cores = По умолчанию: { $count }. Ядер у этого устройства: { $cores }, одно из них страница оставляет себе.
workers-default-most = По умолчанию: { $count }, больше не бывает (ядер у этого устройства: { $cores }).
workers-default-memory = По умолчанию: { $count }, столько, сколько помещается в { $budget } МБ (восьмая часть из { $gb } ГБ памяти устройства): странице, этим данным и стольким воркерам нужно около { $need } МБ, каждому следующему воркеру — около { $helper } МБ.
workers-default-memory-unknown = По умолчанию: { $count }, столько, сколько помещается в { $budget } МБ (браузер не сообщает, сколько памяти у устройства): странице, этим данным и стольким воркерам нужно около { $need } МБ, каждому следующему воркеру — около { $helper } МБ.
train-button = Обучить
pause-button = Пауза
resume-button = Продолжить
step-button = Один шаг
reset-button = Сбросить
carry-on-button = Продолжить в новом воркере
train-progress =
    .aria-label = Ход эпохи
train-epoch-log =
    .aria-label = Результаты по эпохам
chart-loss =
    .aria-label = График функции потерь
chart-accuracy =
    .aria-label = График точности
chart-loss-caption = Потери:
chart-accuracy-caption = Точность:
chart-per-step = по шагам (сглажено)
chart-train-epoch = обучающая выборка, по эпохам
chart-val-epoch = тестовая выборка, по эпохам
chart-train = обучающая
chart-val = тестовая
chart-empty = Обучите модель, чтобы увидеть кривые
axis-epoch = эпоха
axis-loss = потери
axis-accuracy = точность
axis-held-out-accuracy = точность на тестовой выборке
axis-time = время
axis-speed = скорость
epochs-count = { $count ->
    [one] { $count } эпоха
    [few] { $count } эпохи
    [many] { $count } эпох
   *[other] { $count } эпохи
}
speed-line = эпоха { $epoch } из { $epochs }, шаг { $step } из { $steps } · потери { $loss } · { $rate } примеров/с{ $workers ->
    [1] {""}
   *[other] {" "}на { $workers } воркерах
}{ $idle ->
    [0] {""}
    [one] {" "}({ $idle } вспомогательный воркер ждёт: без помощи шаги этой модели оказались быстрее)
    [few] {" "}({ $idle } вспомогательных воркера ждут: без помощи шаги этой модели оказались быстрее)
   *[other] {" "}({ $idle } вспомогательных воркеров ждут: без помощи шаги этой модели оказались быстрее)
} · lr { $lr }
epoch-line = эпоха { $epoch }: потери на обучении { $loss }, точность { $accuracy }{ $val ->
    [yes] ; потери на тесте { $val_loss }, точность { $val_accuracy }
   *[no] {""}
} ({ $seconds } с)

## Status and notices

status-training = Обучение…
status-paused = Пауза. Нажмите «Продолжить» или «Один шаг».
status-stepped = Сделан один шаг. Сделайте ещё один или нажмите «Продолжить».
status-reset = Сброшено: модель и графики очищены. Нажмите «Обучить», чтобы начать заново.
status-choosing = Выбираю, где обучать (программный WebGPU сравнивается с CPU)…
status-ready = Готово: { $backend }. Нажмите «Обучить».
status-done = Готово: { $correct } из { $total } тестовых цифр распознаны верно ({ $percent } %). Нарисуйте цифру в поле для рисования, чтобы проверить модель.
status-diverged = Потери разошлись в эпохе { $epoch }, шаг { $step }: { $message } Последние исправные веса сохранены.
status-new-worker-carries-on = Новый воркер продолжает с последних весов, в эпохе { $epoch }.
status-new-worker-ready = Новый воркер готов. Нажмите «Обучить», чтобы начать заново.
busy-starting = страница ещё запускается: попробуйте чуть позже
busy-evaluating = идёт оценка на тестовых цифрах: попробуйте чуть позже
busy-training = поставьте обучение на паузу или сбросьте его, прежде чем менять данные или модель
notice-url = Некоторые параметры адреса не использованы: { $problems }
notice-helper-lost = Вспомогательный воркер остановился ({ $why }): обучение продолжается на { $left ->
    [one] { $left } воркере
   *[other] { $left } воркерах
}.
notice-page-thread = Обучение идёт в потоке страницы: { $why }. Во время обучения страница может подтормаживать.
worker-unavailable = браузер не смог запустить Web Worker ({ $error })
worker-off-by-url = так задано в адресе (worker=0)
worker-lost = Воркер обучения остановился: { $why }.
worker-lost-kept-weights = Веса, которые он прислал последними (после { $epochs } эп. и { $steps } шаг.), сохранены: их используют представления и поле для рисования. Нажмите «Продолжить в новом воркере», чтобы учить дальше с них, или «Обучить», чтобы начать заново.
worker-lost-kept-model = Модель на странице сохранена. Нажмите «Продолжить в новом воркере», чтобы запустить новый воркер.
worker-lost-nothing = Нажмите «Продолжить в новом воркере», чтобы запустить новый.
worker-not-started = Не удалось запустить новый воркер: { $error }
worker-silent = он не отвечает уже { $seconds } с
worker-crashed = он не загрузился или упал
worker-unreadable = он прислал сообщение, которое страница не может прочитать ({ $error })
worker-not-running = воркер обучения не запущен
error-prefix = Ошибка: { $message }

## 4. What the model learned

learned-h = 4. Чему научилась модель
learned-help = Обучите модель, чтобы увидеть её веса.
learned-linear = Веса каждого класса, по одному на пиксель: красные пиксели, если на них есть чернила, повышают оценку класса, синие — понижают.
learned-gradient = Для каждого класса — изменение входа, которое сильнее всего повышает его оценку в точке среднего обучающего изображения (градиент оценки): красное — больше чернил там помогает, синее — мешает.
learned-scale = синий — отрицательные, красный — положительные; полный цвет = ±{ $scale }
learned-units = Первый скрытый слой: веса { $shown } из { $units } нейронов (каждый в своём масштабе)
learned-unit = нейрон
learned-filters = Первая свёртка: её фильтры ({ $count }, { $size }×{ $size })
learned-filter = фильтр
learned-maps = Карты признаков тестовой цифры { $digit } после каждой свёртки и её функции активации
learned-input = вход
learned-input-alt = входная цифра
learned-maps-caption = свёртка { $n }: карты ({ $maps }) размера { $height }×{ $width }
learned-map = карта свёрточного слоя { $layer }
learned-pattern = шаблон класса { $name }
sample-alt = обучающее изображение с меткой { $name }
map-h = Карта цифр
map-layer-label = Карта по
map-layer-hidden = последнему скрытому слою
map-layer-logits = выходам (логитам)
map-canvas =
    .aria-label = Карта цифр: каждая точка — цифра из тестовой выборки, цвет — её класс
map-keys = Наведите указатель на точку или переведите фокус на карту и переходите от цифры к цифре стрелками (Home — первая, Escape — ни одной).
map-text = Карта словами
map-none = Обучите или загрузите модель, чтобы увидеть, где она располагает цифры.
map-waiting = Воркер располагает цифры…
map-help = { $digits } цифр из тестовой выборки, расположенных методом главных компонент по { $layer }: вправо — направление, в котором они различаются сильнее всего ({ $first } % дисперсии), вверх — следующее ({ $second } %). Цифры, которые модель считает похожими, лежат рядом.
map-of-logits = выходам модели до softmax (логитам)
map-of-pixels = их пикселям (у линейной модели нет скрытого слоя)
map-of-hidden = последнему скрытому слою ({ $features } значений на цифру)
map-focus = Тестовая цифра { $index }: истина { $truth }, предсказано { $predicted }
map-focus-alt = цифра из тестовой выборки, { $truth }
map-focus-none = Наведите указатель на точку, чтобы увидеть её цифру.
map-drawing = ваш рисунок
map-table-caption = Каждый класс на карте: где его центр и насколько разбросаны его цифры
map-col-class = класс
map-col-digits = цифр
map-col-centre = центр (вправо; вверх)
map-col-spread = разброс
map-pair = { $a } и { $b } ({ $percent } % лежат ближе к центру другого)
map-overlap = Сильнее всего пересекаются: { $pairs }.
map-overlap-none = Классы не пересекаются: каждая цифра ближе всего к центру своего класса.
conv-h = Свёртка шаг за шагом
conv-help = Выберите фильтр первой свёртки и входное изображение. Окно 5×5 скользит по изображению: каждая клетка карты признаков — это сумма произведений пикселей окна на веса фильтра плюс смещение, пропущенная через функцию активации. Затем max pooling 2×2 (пулинг) оставляет наибольшую из каждых четырёх клеток.
conv-filter = Фильтр
conv-input = Вход
conv-speed = Скорость
conv-speed-slow = медленно
conv-speed-medium = средне
conv-speed-fast = быстро
conv-speed-fastest = очень быстро
conv-play = Пуск
conv-pause = Пауза
conv-step = Шаг
conv-image =
    .aria-label = Входное изображение с окном
conv-image-caption = вход и окно
conv-kernel =
    .aria-label = Веса фильтра (синий — отрицательные, красный — положительные)
conv-kernel-caption = фильтр
conv-map =
    .aria-label = Карта признаков: выбирайте клетку клавишами со стрелками
conv-map-caption = карта признаков
conv-pool =
    .aria-label = После пулинга: выбирайте клетку клавишами со стрелками
conv-pool-caption = после max pooling 2×2
conv-keys = Щёлкните по клетке карты или переведите на карту фокус и используйте стрелки (Home — первая клетка, End — последняя).
conv-filter-n = фильтр { $n }
conv-input-sample = тестовая цифра { $index } ({ $label })
conv-input-drawing = ваш рисунок
conv-no-drawing = Сначала нарисуйте цифру в поле для рисования.
conv-products = Пиксели окна × веса фильтра
conv-pool-four = Четыре клетки
conv-cell = Строка { $row }, столбец { $col }: сумма { $sum } + смещение { $bias } → { $act } { $value }
conv-pool-cell = Пулинг, строка { $row }, столбец { $col }: наибольшее из { $values } → { $value }

## Draw a digit

sketch-h = Нарисуйте цифру
sketch-pad =
    .aria-label = Поле для рисования: нарисуйте цифру мышью, пером, пальцем или с клавиатуры
sketch-keys = Клавиатура: стрелки двигают перо (Shift — дальше), пробел опускает или поднимает его, Delete стирает.
sketch-clear = Стереть
sketch-prediction = Предсказание:
sketch-sees = Что видит модель (28×28):
sketch-input =
    .aria-label = Рисунок как вход модели 28×28
sketch-bars =
    .aria-label = Вероятность каждого класса
sketch-no-model = сначала обучите или загрузите модель
sketch-wrong-size = эта модель не для изображений 28×28
why-answer = Почему { $name }?
why-not = Почему не { $name }?
why-answer-alt = тепловая карта: какие пиксели повысили (красный) или понизили (синий) оценку класса { $name }
why-not-alt = тепловая карта: какие пиксели повысили (красный) или понизили (синий) оценку класса { $name }, который модель не выбрала
why-help = Почему такой ответ: яркость каждого пикселя, умноженная на градиент оценки класса (градиент × вход). Красные пиксели повысили оценку, синие понизили; полный цвет = ±{ $scale }.
why-empty = Нарисуйте цифру: рядом с тем, что видит модель, карта покажет, какие пиксели дали ответ.

## 5. Held-out test digits

eval-h = 5. Тестовая выборка
eval-accuracy = Точность:
eval-help = Строки — истинные цифры, столбцы — предсказания. Нажмите на число, чтобы увидеть эти цифры.
eval-matrix =
    .aria-label = Матрица ошибок: строки — истинные цифры, столбцы — предсказания
eval-per-class = Точность по классам
eval-misclassified = Ошибочно классифицированные цифры
eval-corner = истина \ предсказание
eval-cell = { $count ->
    [one] { $count } цифра
    [few] { $count } цифры
   *[many] { $count } цифр
}: истина { $truth }, предсказано { $predicted }
gallery-correct = Верно распознанные { $name }: { $count ->
    [one] { $count } цифра
    [few] { $count } цифры
   *[many] { $count } цифр
} (самые уверенные первыми)
gallery-confused = Истина { $truth }, предсказано { $predicted }: { $count ->
    [one] { $count } цифра
    [few] { $count } цифры
   *[many] { $count } цифр
} (самые уверенные первыми)
gallery-mistakes = Ошибочно классифицированные цифры: { $count } из { $total } (самые уверенные ошибки первыми)
gallery-alt = тестовая цифра { $index }: истина { $truth }, предсказано { $predicted } с уверенностью { $percent } %
gallery-more = … и ещё { $count }
gallery-explain = { $digit }. Показать, почему
explain-h = Тестовая цифра { $index }: истина { $truth }, предсказано { $predicted } ({ $percent } %)
explain-digit = вход
explain-digit-alt = цифра из тестовой выборки, { $truth }
explain-close = Закрыть

## 6. Keep and share

file-h = 6. Сохранить и поделиться
file-save = Сохранить модель (.safetensors)
file-notebook = Продолжить в своём ноутбуке (PyTorch)
    .title = Скачивает веса и скрипт PyTorch, который их загружает и проверяет
file-load = Загрузить модель
file-kept = Последняя обученная или загруженная модель хранится и в этом браузере, так что перезагрузка её не потеряет.
file-saved = Сохранено: { $name } ({ $size } КБ).
file-save-failed = Не удалось сохранить: { $error }
file-no-gzip = этот браузер не умеет сжимать файл в gzip
file-exported = Сохранены { $name } и { $script }: положите их рядом и запустите скрипт (pip install torch torchvision safetensors).
file-export-failed = Не удалось экспортировать: { $error }
file-load-failed = Не удалось загрузить модель: { $error }
file-loaded = Загружено: { $name }: { $model }, параметров: { $params }{ $kept }
file-trained = Обучено: { $name }{ $kept }
file-stored = ; сохранено в браузере: после перезагрузки модель вернётся.
file-not-stored = ; { $size } МБ не поместились в браузере ({ $error }): используйте «Сохранить».
file-restored = Восстановлена { $name } с прошлого визита. Обучите новую, чтобы заменить её, или нажмите «Сбросить».
status-restored = Ваша последняя модель восстановлена; её оценка — ниже. Нажмите «Обучить», чтобы начать заново.
file-not-restored = Модель с прошлого визита не восстановлена: { $error }
status-loading-pretrained = Загружаю предобученную CNN, чтобы можно было сразу нарисовать цифру…
file-pretrained = Предобученная CNN ({ $name }), { $percent } % на тестовых цифрах — обучите свою, чтобы заменить её.
status-pretrained = Загружена предобученная CNN ({ $percent } % на тестовых цифрах): нарисуйте цифру в поле для рисования, чтобы проверить её. Нажмите «Обучить», чтобы обучить свою.
file-pretrained-failed = Предобученную модель загрузить не удалось ({ $error }): обучите свою, чтобы пользоваться полем для рисования.
file-pretrained-scoring = Предобученная CNN ({ $name }): нарисуйте цифру, чтобы проверить её. Её точность на тестовых цифрах появится, когда они загрузятся.
share-button = Поделиться / встроить эту настройку
share-label = Ссылка и код iframe для страницы курса
share-fix-first = Сначала исправьте настройки: { $error }
share-iframe-title = Песочница MNIST

## Data loading

storage-none = браузер не даёт странице хранилища
storage-full = хранилище браузера заполнено или заблокировано
file-none-chosen = файл не выбран
data-not-loaded = данные ещё не загружены

data-loading = Загрузка: { $name }…
data-reading-files = Читаю ваши файлы…
data-loaded = { $name }: обучающих изображений — { $train }, тестовых — { $test }. Нажмите «Обучить».
data-loaded-scoring = { $name }: обучающих изображений — { $train }, тестовых — { $test }. Оцениваю модель на них…
data-loaded-kept = { $name }: обучающих изображений — { $train }, тестовых — { $test }; сохранённая модель набирает на них { $percent } %. Нажмите «Обучить», чтобы обучить новую.
data-not-served = { $name } не лежит рядом с этой страницей ({ $error }); откройте файлы через выбор файлов или см. README
data-files-not-found = среди { $names } не найдены обучающие изображения и метки: ожидаются имена вроде train-images-idx3-ubyte.gz и train-labels-idx1-ubyte.gz
data-your-files = ваши файлы ({ $name })
data-still-in-use = { $error } (по-прежнему используются ранее загруженные данные)
data-model-mismatch = модель { $model } рассчитана на изображения { $rows }×{ $cols } и { $classes } класс(ов); в «{ $data }» изображения { $drows }×{ $dcols } и { $dclasses } класс(ов)
data-name-embedded = MNIST, 10 000 цифр (встроенный)
data-name-3v7 = MNIST, тройки и семёрки (встроенный)
data-name-mnist = MNIST, полный: 60 000 + 10 000
data-name-fashion = Fashion-MNIST
data-name-digits = Цифры 8×8 (scikit-learn)

## Fashion-MNIST classes

fashion-0 = Футболка/топ
fashion-1 = Брюки
fashion-2 = Свитер
fashion-3 = Платье
fashion-4 = Пальто
fashion-5 = Сандалия
fashion-6 = Рубашка
fashion-7 = Кроссовок
fashion-8 = Сумка
fashion-9 = Ботильон

## The worker

worker-stopped = воркер обучения остановился
worker-unsendable = ему не удалось отправить сообщение: { $error }

## Lessons (one block per lesson: title, paragraphs, what to try next, what the result is)

lesson-tensors-title = 1. Тензоры и пиксели
lesson-tensors-p1 = Для компьютера изображение — это таблица чисел. Каждая цифра MNIST — тензор 28×28: ранг 2 (строки и столбцы), 784 значения от 0 (чёрный) до 1 (белые чернила).
lesson-tensors-p2 = Выберите цифру и какие строки и столбцы показать: таблица ниже — тот же тензор, что и картинка, каждая ячейка закрашена по своему значению. Стопка таких изображений — тензор ранга 3 [изображения, строки, столбцы].
lesson-tensors-try1 = Найдите строки, где начинаются и заканчиваются чернила единицы.
lesson-tensors-try2 = Сравните среднее значение пикселей у единицы и у восьмёрки: у кого больше чернил?
lesson-tensors-result = среднее значение пикселей этой цифры (посчитано движком)

lesson-pixel-similarity-title = 2. Сходство пикселей: базовый уровень
lesson-pixel-similarity-p1 = До всякого обучения: усредните все тройки обучающей выборки пиксель за пикселем — получится «идеальная тройка»; так же для каждой цифры.
lesson-pixel-similarity-p2 = Чтобы классифицировать неизвестную цифру, измерьте, насколько она далека от каждой идеальной цифры — среднее абсолютное отклонение (L1) или корень из среднеквадратичной ошибки (RMSE) по 784 пикселям, — и выберите ближайшую. Её точность на тестовой выборке — базовый уровень, который должна превзойти любая модель.
lesson-pixel-similarity-try1 = Какие пары цифр путает базовый уровень?
lesson-pixel-similarity-try2 = Почему RMSE наказывает несколько больших отличий сильнее, чем L1?
lesson-pixel-similarity-try3 = Перейдите к уроку 4 и превзойдите это число обучаемой моделью.
lesson-pixel-similarity-result = точность ближайшего среднего (L1) для 3 против 7 на тестовой выборке

lesson-quadratic-title = 3. Градиентный спуск вручную
lesson-quadratic-p1 = Скорость вагончика на американских горках измерили в 20 моментов, с шумом. Предположим, что скорость = a·t² + b·t + c, и начнём со случайных a, b, c.
lesson-quadratic-p2 = На каждом шаге: предсказать, посчитать среднеквадратичную ошибку (функцию потерь), дать autograd вычислить градиент потерь по a, b и c и сдвинуть каждый параметр немного против его градиента: p ← p − lr · градиент. Затем обнулить градиенты и повторить.
lesson-quadratic-try1 = Увеличьте скорость обучения в 10 раз: потери всё ещё падают?
lesson-quadratic-try2 = А в 100 раз?
lesson-quadratic-try3 = Сделайте 100 шагов: насколько близко кривая подойдёт к точкам?
lesson-quadratic-result = среднеквадратичная ошибка после сделанных шагов

lesson-3v7-title = 4. 3 против 7 одним линейным нейроном
lesson-3v7-p1 = Один вес на пиксель и смещение: оценка = x·w + b. Сигмоида σ(оценка) превращает её в вероятность того, что цифра — семёрка.
lesson-3v7-p2 = Функция потерь (mnist_loss) — это where(target = 7, 1 − p, p).mean(): насколько каждое предсказание далеко от истины. Каждый шаг на мини-батче (step, затем zero_grad) подталкивает w и b; точность на батче считает (p > 0.5) = target.
lesson-3v7-try1 = Добавьте скрытый слой: модель logistic:30 — это сеть 784-30-1.
lesson-3v7-try2 = Скорость обучения 0.1 и 10: какая учится быстрее, а какая неустойчива?
lesson-3v7-try3 = Нарисуйте на поле тройку и семёрку.
lesson-3v7-result = точность на тестовой выборке

lesson-linear-title = 5. Десять цифр, один линейный слой
lesson-linear-p1 = Десять оценок, по одной на цифру, каждая — взвешенная сумма пикселей: θ — это 10×28×28 плюс 10 смещений. Softmax превращает оценки в вероятности, функция потерь — кросс-энтропия; обучает обычный SGD.
lesson-linear-p2 = Два запуска рядом. Первый начинает с весов со стандартным отклонением 1 на сырых пикселях: каждая оценка — сумма примерно 150 закрашенных пикселей, умноженных на N(0, 1), поэтому она начинается около ±12, softmax насыщен, большинство градиентов почти нулевые и обучение ползёт (в курсе оно застревает около 63 % после 20 эпох). Второй использует малые начальные веса (±1/√784, как в PyTorch) и стандартизованные пиксели: оценки начинаются около нуля, и каждый пример чему-то учит.
lesson-linear-try1 = Дайте первому запуску меньшую скорость обучения или больше эпох: догонит ли он?
lesson-linear-try2 = Посмотрите на десять изображений весов после обучения: видны ли цифры?
lesson-linear-try3 = Нарисуйте цифру и посмотрите «Почему такой ответ» рядом с тем, что видит модель: красные пиксели повысили оценку ответа, синие понизили (для этой модели каждое значение — пиксель, умноженный на свой вес). Затем карта цифр в разделе 4: какие цифры разделены уже по одним пикселям?
lesson-linear-result = лучшая итоговая точность запусков на тестовой выборке
lesson-linear-run1 = начальные веса со std 1, сырые пиксели, lr 1
lesson-linear-run2 = малые начальные веса, стандартизованные пиксели, lr 0.1

lesson-deeper-title = 6. Глубже
lesson-deeper-p1 = Сложите слои в стопку с нелинейностью между ними: Deep(20, 40, 20, 12) — это 784-20-40-20-12-10. Без функции активации стопка осталась бы одним линейным отображением.
lesson-deeper-p2 = Пять запусков одной и той же сети: ReLU, сигмоида и tanh с обычным SGD, затем ReLU с моментом (скользящее среднее градиентов) и с Adam (свой размер шага для каждого параметра).
lesson-deeper-try1 = Попробуйте широкую мелкую сеть 784-30-10: модель mlp:30.
lesson-deeper-try2 = AdamW: Adam с отделённым затуханием весов (оптимизатор adamw).
lesson-deeper-try3 = Больше эпох: какая функция активации победит в итоге?
lesson-deeper-try4 = Карта цифр (раздел 4) располагает цифры тестовой выборки по последнему скрытому слою: расходятся ли классы сильнее, чем по пикселям в уроке 5? Смотрите на неё во время обучения и переключите на логиты.
lesson-deeper-result = лучшая итоговая точность запусков на тестовой выборке
lesson-deeper-run1 = ReLU, SGD
lesson-deeper-run2 = сигмоида, SGD
lesson-deeper-run3 = tanh, SGD
lesson-deeper-run4 = ReLU, момент
lesson-deeper-run5 = ReLU, Adam

lesson-small-data-title = 7. Мало данных: цифры 8×8
lesson-small-data-p1 = 1797 крошечных цифр 8×8 (из scikit-learn), 20 % отложены для теста. Сначала традиционный способ, с которого начинается ноутбук курса: случайный лес на 64 пикселях (10 деревьев глубины 10, как RandomForestClassifier(n_estimators=10, max_depth=10) из scikit-learn), обученный прямо в браузере. Его точность на тестовой выборке, вверху, — число, которое сеть должна превзойти.
lesson-small-data-p2 = Сеть — 64-52-52-10 с сигмоидными функциями активации. Перебор скорости обучения: одна и та же сеть с пятью скоростями обучения, каждая кривая — точность на тестовой выборке по эпохам. Слишком малая ползёт, слишком большая скачет или расходится; лучшая обычно чуть ниже самой большой из ещё работающих. В таблице есть и точность на обучающей выборке: когда она отрывается от тестовой, сеть переобучается. Пунктирная линия — случайный лес: какие скорости обучения его превосходят?
lesson-small-data-try1 = Размер мини-батча: 8 и 256.
lesson-small-data-try2 = Переобучение: 200 эпох, затем дропаут 0.3.
lesson-small-data-try3 = Ошибочно классифицированные цифры: вам они тоже трудны?
lesson-small-data-try4 = Случайный лес из 100 деревьев или глубины 3: сколько он выигрывает или теряет?
lesson-small-data-result = лучшая итоговая точность перебора на тестовой выборке
lesson-small-data-run1 = lr 0.03
lesson-small-data-run2 = lr 0.1
lesson-small-data-run3 = lr 0.3
lesson-small-data-run4 = lr 1
lesson-small-data-run5 = lr 3

lesson-convolutions-title = 8. Свёртки
lesson-convolutions-p1 = Свёртка скользит маленьким фильтром (здесь 5×5) по изображению и записывает, насколько каждый участок на него похож: получается карта признаков. Одни и те же немногие веса используются везде, поэтому штрих распознаётся, где бы он ни был.
lesson-convolutions-p2 = У этой CNN 8 фильтров, пулинг (наибольшее значение в каждом квадрате 2×2), 16 фильтров поверх этих карт, снова пулинг, затем линейный слой к десяти оценкам. Ниже: обученные фильтры, то, что они делают с тестовой цифрой, и «Свёртка шаг за шагом»: выберите фильтр и цифру (или свой рисунок) и посмотрите, как окно 5×5 вычисляет каждую клетку карты признаков, а затем пулинг.
lesson-convolutions-try1 = Больше фильтров: модель cnn:16,32,128.
lesson-convolutions-try2 = Две или три эпохи: насколько близко к 99 % она подойдёт?
lesson-convolutions-try3 = Нарисуйте цифру не по центру: узнаёт ли её CNN?
lesson-convolutions-try4 = Нажмите на ошибочно классифицированную цифру в разделе 6: карты покажут, какие пиксели дали ответ CNN, а какие говорили за истинный класс. Карта цифр покажет, какие классы её последний слой всё ещё путает.
lesson-convolutions-result = точность на тестовой выборке

## The lessons' live parts

tensors-digit = Цифра (индекс)
tensors-rows-from = Строки с
tensors-columns-from = Столбцы с
tensors-to = по
tensors-status = Поменяйте цифру или показанные строки и столбцы.
tensors-shape = Цифра { $index } имеет метку { $label }. Это изображение: форма [{ $rows }, { $cols }], ранг { $rank }. Все обучающие изображения ({ $count }): форма [{ $n }, { $rows }, { $cols }], ранг 3. Показаны строки { $r0 }–{ $r1 }, столбцы { $c0 }–{ $c1 }.
tensors-label = метка { $name }
tensors-digit-alt = цифра
tensors-table = значения пикселей цифры
similarity-working = Усредняю обучающие цифры и измеряю расстояние каждой тестовой цифры до каждого среднего…
similarity-ideal = Средняя цифра каждого класса («идеальная тройка»)
similarity-mean-alt = среднее изображение { $name }
similarity-held-out = Точность на тестовой выборке
similarity-3v7 = 3 против 7
similarity-all = все десять цифр
similarity-unknown = Неизвестная цифра и её расстояние до каждого среднего
similarity-digit = Тестовая цифра (индекс)
similarity-status = Базовый уровень по ближайшему среднему: { $v37 } % на тестовых тройках и семёрках, { $all } % на всех десяти цифрах (L1).
similarity-truly = на самом деле { $name }
similarity-unknown-alt = неизвестная цифра
similarity-average-of = среднее для
metric-l1 = L1
metric-rmse = RMSE
similarity-l1 = расстояние L1
quadratic-step = Шаг
quadratic-ten = 10 шагов
quadratic-reset = Начать заново
quadratic-chart = Скорости (точки) и подобранная кривая
quadratic-status = Нажмите «Шаг»: предсказать, измерить потери, взять градиент, шагнуть.
quadratic-lr-nan = скорость обучения — не число
quadratic-lr-bad = скорость обучения { $lr } должна быть конечным числом ≥ 0
quadratic-params = a = { $a }, b = { $b }, c = { $c } после { $steps ->
    [one] { $steps } шага
   *[other] { $steps } шагов
}
quadratic-log = потери { $loss }
quadratic-diverged = Потери больше не конечное число: шаги перескакивают. Начните заново с меньшей скоростью обучения.
compare-run = Запустить сравнение
compare-chart = Точность каждого запуска на тестовой выборке по эпохам
compare-run-col = запуск
compare-train-col = точность на обучении
compare-val-col = точность на тесте
compare-status = Запуск { $run } из { $runs }: { $label }…
compare-done = Все запуски ({ $runs }) завершены; лучший достиг { $percent } % на тестовых цифрах (его модель показана ниже).
forest-beat = Число, которое нужно превзойти: случайный лес
forest-trees = Деревьев
forest-depth = Глубина
forest-run = Обучить лес
forest-training = Случайный лес растёт в фоновом потоке: готово деревьев { $grown } из { $trees } (глубина { $depth })…
forest-done = Случайный лес (деревьев: { $trees }, глубина { $depth }, зерно { $seed }): верно { $percent } % из { $total } цифр тестовой выборки, обучен за { $seconds } с. Сеть должна его превзойти.
forest-legend = случайный лес, { $percent } %

## Messages from the engine

diverged = потери стали равны { $loss } в эпохе { $epoch } к шагу { $step }: обучение остановлено, последние исправные веса восстановлены. Попробуйте меньшую скорость обучения (сейчас { $lr }).
url-ignored = пропущено { $key }={ $value }: { $reason }
url-not-a-setting = такого параметра нет

## course.html (an example course page that embeds two lessons)

course-title = Пример страницы курса — уроки песочницы MNIST
course-h = Неделя 2: от базового уровня к обучаемой модели
course-intro = Эта страница показывает, как сайт курса встраивает песочницу: каждый урок — это iframe, в адресе которого указаны урок, embed=1 для компактного вида и origins= с этим сайтом — единственным, чьи команды урок выполняет. Уроки сообщают о событиях этой странице (ниже).
course-lesson2 = Урок 2: базовый уровень по сходству пикселей
course-lesson2-frame =
    .title = Урок 2: сходство пикселей
course-lesson4 = Урок 4: 3 против 7 одним линейным нейроном
course-lesson4-frame =
    .title = Урок 4: 3 против 7
course-start = Начать обучение
course-faster = Задать lr 2, 2 эпохи
course-events = События уроков

## Bad input (what the URL, the form or a file got wrong)

error-setting = { $key } { $value }: { $reason }
error-flag = 1 или 0
error-number-range = число от { $lo } до { $hi }
error-hide = { $name } нельзя скрыть (допустимо: { $names })
error-origins = не больше 10 источников (origins)
error-loss = неизвестная функция потерь { $name } (cross-entropy, sigmoid или bce)
error-optimizer = неизвестный оптимизатор { $name } (sgd, momentum, adam или adamw)
error-activation = неизвестная функция активации { $name } (relu, sigmoid или tanh)
error-dropout = дропаут { $value } вне диапазона [0, 0,95)
error-layer-width = ширина слоя { $value } в модели { $model } — не целое число 1..={ $max }
error-channel-count = число каналов { $value } в модели { $model } — не целое число 1..={ $max }
error-too-many-layers = скрытых слоёв ({ $count }) больше, чем { $max }
error-cnn-numbers = модель { $model }: cnn принимает 2 или 3 числа (cnn:C1,C2 или cnn:C1,C2,СКРЫТЫЙ)
error-unknown-model = неизвестная модель { $model } (linear, logistic, logistic:H1,…, mlp:H1,H2,… или cnn)
error-cross-entropy-one-output = кросс-энтропии нужен отдельный выход на каждый класс; у этой модели один выход
error-loss-needs-one-output = функции потерь { $loss } нужна модель с одним выходом (logistic)
error-logistic-two-classes = logistic нужен датасет с двумя классами (например, классы 3,7); в этом классов: { $classes }
error-too-many-parameters = у { $model } параметров { $count } — больше предела { $max }
error-init = init { $value } — не положительное стандартное отклонение
error-epochs = число эпох { $value } вне диапазона 1..=10000
error-batch-zero = размер мини-батча 0: в мини-батче должен быть хотя бы один пример
error-batch-too-big = размер мини-батча { $batch } больше числа обучающих примеров ({ $count })
error-lr = скорость обучения { $value } — не число из (0, 100]
error-not-gzip = { $name }: имя оканчивается на .gz, но это не данные gzip
error-image-dims = у изображений размерности { $dims }, ожидалось [количество, строки, столбцы]
error-label-dims = у меток размерности { $dims }, ожидалось [количество]
error-count-mismatch = изображений { $images }, а меток { $labels }
error-label-range = метка { $label } изображения { $index } — не класс 0..{ $max }
# Ваши цифры (own_digits.rs) и дообучение модели (воркер)
own-digits-images-file = файл изображений
own-digits-labels-file = файл меток
own-digits-not-28 = { $name }: цифры размером { $rows }×{ $cols } пикселей, а не 28×28
own-digits-empty = { $name }: в файле нет ни одной цифры
teach-no-digits = нет ваших цифр для дообучения: сначала нарисуйте несколько и укажите их метки
teach-not-digits = для дообучения нужны цифры 28×28 пикселей из десяти классов (цифры MNIST) — и ваши, и в данных
teach-the-model = модель для дообучения
teach-model-misfit = модель принимает изображения { $rows }×{ $cols } из { $classes } классов; ваши цифры — 28×28 из 10
teach-no-data = данные не отправлены: повторяемые и тестовые цифры берутся из них
teach-bad-steps = шагов: { $steps }, цифр в шаге: { $batch }; дообучение — это хотя бы один шаг и не больше { $max } цифр всего
teach-bad-replay = { $value } повторяемых цифр на одну вашу — больше, чем { $max }
forest-bad-trees = деревьев { $value }: нужно целое число от 1 до { $max }
forest-bad-depth = глубина { $value }: нужно целое число от 1 до { $max }
forest-one-class = случайному лесу нужны цифры хотя бы двух классов

## Ваши цифры (свой почерк)
data-own = Ваши цифры (нарисованные здесь)
data-with-own = MNIST + ваши цифры
data-name-own = ваши цифры
data-name-with-own = MNIST + ваши цифры
own-label-h = Сохранить рисунок как одну из ваших цифр:
own-right = Верно
own-it-is = Это
own-is-0 = 0
    .aria-label = Это 0
own-is-1 = 1
    .aria-label = Это 1
own-is-2 = 2
    .aria-label = Это 2
own-is-3 = 3
    .aria-label = Это 3
own-is-4 = 4
    .aria-label = Это 4
own-is-5 = 5
    .aria-label = Это 5
own-is-6 = 6
    .aria-label = Это 6
own-is-7 = 7
    .aria-label = Это 7
own-is-8 = 8
    .aria-label = Это 8
own-is-9 = 9
    .aria-label = Это 9
own-h = Ваши цифры
own-private = Ваши цифры хранятся только в этом браузере (IndexedDB): ничего никуда не отправляется, пока вы их не экспортируете.
own-export = Экспорт (MNIST IDX, .gz)
own-import = Импорт файлов IDX
own-clear = Удалить все…
own-clear-yes = Удалить все
own-clear-no = Оставить
own-how-h = Как модель справляется с вашими цифрами
own-confusion =
    .aria-label = Ваши цифры: строки — что сказали вы, столбцы — ответ модели
own-teach-h = Научить модель вашим цифрам
own-teach-about = Дообучает текущую модель на ваших цифрах вперемешку с повторёнными примерами из обучающей выборки, чтобы она не забыла остальное. Каждая четвёртая цифра каждого вида откладывается: «до» и «после» измеряются на них и на тестовой выборке.
own-replay = Повторённых обучающих примеров на одну вашу цифру
own-steps = Шагов
own-per-digit = Не больше стольких каждой цифры (0: все)
own-teach = Научить модель вашим цифрам
own-reading = Читаю ваши цифры из браузера…
own-summary = { $count ->
    [0] Цифр пока нет: нарисуйте цифру выше и скажите, какая это.
    [one] { $count } цифра (отложено для проверки: { $held }).
    [few] { $count } цифры (отложено для проверки: { $held }).
   *[other] { $count } цифр (отложено для проверки: { $held }).
}
own-row = { $digit }: { $count }
own-thumb = ваша { $digit }, модель отвечает { $answer }{ $held ->
    [yes] , отложена
   *[no] {""}
}
own-thumb-unscored = ваша { $digit }{ $held ->
    [yes] , отложена
   *[no] {""}
}
own-delete = Удалить
own-delete-one = Удалить: { $what }
own-confirm = Удалить из браузера все ваши цифры ({ $count })? Это нельзя отменить (сначала экспортируйте их, чтобы сохранить копию).
own-kept = Сохранено как { $digit } (этой цифры теперь: { $count }).
own-deleted = Удалена цифра { $digit }.
own-cleared = Удалены все цифры ({ $count }).
own-draw-first = Сначала нарисуйте цифру.
own-wrong-size = Эта модель не принимает цифры 28×28.
own-no-answer = Модели, которая ответит, пока нет: выберите цифру кнопкой «Это …».
own-full = В вашей коллекции может быть не больше { $max } цифр.
own-nothing-to-export = Экспортировать пока нечего.
own-exported = Экспортировано цифр: { $count }, файлы { $images } и { $labels }.
own-imported = Импортировано цифр: { $count }.
own-import-refused = Не импортировано (ваши цифры не изменились): { $error }
own-import-two-files = выберите вместе файл изображений и файл меток (получено: { $names })
own-not-stored = Не удалось сохранить ваши цифры в браузере: { $error }
own-storage-bad = Цифры, сохранённые в браузере, не читаются и пропущены.
own-storage-failed = Не удалось прочитать ваши цифры из браузера: { $error }
own-no-storage = этот браузер не даёт здесь хранилища IndexedDB
own-score-failed = Не удалось оценить ваши цифры: { $error }
own-accuracy = Верно { $percent } ({ $correct } из { $count }); на отложенных ({ $held_count }): { $held }
own-accuracy-none = –
own-accuracy-waiting = оцениваю…
own-field-range = { $value } — не целое число от { $min } до { $max }
own-teach-plan = Ваших цифр в обучении: { $taught }; { $steps } шагов по 32 цифры, из них ваших { $shown } (каждая видна много раз) и повторённых обучающих примеров { $replayed }.
own-teach-no-model = нет модели для обучения: сначала откройте или обучите её
own-teach-not-digits = для дообучения нужны модель и данные цифр 0–9 размером 28×28 (MNIST)
own-teach-none = пока нечему учить: первые 3 каждой цифры идут в обучение, каждая четвёртая откладывается
own-teaching = Учу модель вашим цифрам ({ $count }; повторов на цифру: { $replay }, шагов: { $steps })…
own-taught = Готово. Ваши отложенные цифры: { $before } → { $after }; тестовая выборка: { $test_before } → { $test_after }.
own-compare-running = Учу… «до» и «после» появятся, когда закончу.
own-compare-caption = Последнее дообучение: ваших цифр { $taught }, повторов на цифру { $replay }, шагов { $steps }.
own-before = До
own-after = После
own-compare-own = Ваши цифры, которым её не учили ({ $count })
own-compare-test = Тестовая выборка
own-data-too-few = ваших цифр ({ $count }) слишком мало для разделения: отметьте хотя бы 4 одной цифры (каждая четвёртая откладывается) и несколько других

lesson-own-digits-title = 9. Ваш почерк
lesson-own-digits-p1 = Модель хороша ровно настолько, насколько хороши цифры, которые она видела. Предобученная CNN училась на 8 000 цифр MNIST, написанных американскими студентами и служащими: как она справится с вашими? Нарисуйте цифру и нажмите «Верно», если ответ правильный, или «Это …» с цифрой, которую вы имели в виду. Каждый ответ сохраняет рисунок в «Ваших цифрах» (только в этом браузере).
lesson-own-digits-p2 = Нарисуйте хотя бы по пять каждой цифры. «Как модель справляется с вашими цифрами» показывает точность и какие из ваших цифр она путает. Каждая четвёртая цифра каждого вида откладывается и никогда не идёт в обучение: так видно, выучила ли модель ваш почерк или только показанные примеры.
lesson-own-digits-p3 = Затем нажмите «Научить модель вашим цифрам»: модель дообучается на ваших цифрах, к каждой добавляются 4 повторённых примера из обучающей выборки. «До» и «после» видны рядом: ваши отложенные цифры (что выиграно) и тестовая выборка (что забыто). Теперь поле для рисования отвечает дообученной моделью.
lesson-own-digits-try1 = Вернитесь к предобученной модели и обучите снова, не больше 1 примера каждой цифры: она выучит их и мало что ещё — сравните точность на отложенных.
lesson-own-digits-try2 = Поставьте 0 повторённых примеров и обучите: только ваши цифры, много шагов. Насколько упадёт точность на тестовой выборке? Это забывание.
lesson-own-digits-try3 = Выберите «Ваши цифры» в меню данных и обучите модель с нуля только на них или «MNIST + ваши цифры», чтобы учить на тех и других.
lesson-own-digits-result = точность на ваших отложенных цифрах после дообучения
lesson-own-digits-status = Нарисуйте цифру и скажите, права ли модель.
own-back-pretrained = Вернуться к предобученной модели
own-teach-wait = ваши цифры оцениваются этой моделью: обучайте, когда появится их оценка
own-not-while-teaching = Не во время дообучения: какие цифры отложены, зависит от их порядка.
own-pretrained-needs-digits = предобученная CNN читает цифры MNIST: сначала выберите встроенные цифры, MNIST или ваши цифры
own-accuracy-no-model = пока нет модели цифр 0–9, чтобы их оценить
own-accuracy-after-run = оценка — когда обучение закончится
own-compare-on = На чём
own-storage-unusable = хранилище браузера (IndexedDB) недоступно
